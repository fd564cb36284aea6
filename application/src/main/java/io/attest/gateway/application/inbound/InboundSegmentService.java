package io.attest.gateway.application.inbound;

import io.attest.gateway.application.inbound.port.in.ReceiveInboundMessageUseCase;
import io.attest.gateway.application.inbound.port.in.ReceiveInboundSegmentUseCase;
import io.attest.gateway.application.inbound.port.out.InboundSegmentStorePort;
import io.attest.gateway.domain.shared.PhoneNumber;

import java.util.List;

/**
 * Reassembles concatenated inbound messages: each segment is stored; the one that completes its message hands the
 * whole text to the inbound use case, so a STOP split over two segments is read as one message. Meant to run in one
 * transaction per segment (the configuration wraps it), so storing, receiving and forgetting commit together.
 */
public class InboundSegmentService implements ReceiveInboundSegmentUseCase {

    private final InboundSegmentStorePort store;
    private final ReceiveInboundMessageUseCase inbound;

    public InboundSegmentService(InboundSegmentStorePort store, ReceiveInboundMessageUseCase inbound) {
        this.store = store;
        this.inbound = inbound;
    }

    @Override
    public void receive(PhoneNumber from, PhoneNumber to, int reference, int total, int sequence, String text) {
        if (total < 2 || sequence < 1 || sequence > total) {
            inbound.receive(from, to, text); // not a usable segment header: the text is taken as it came
            return;
        }
        List<String> texts = store.store(from, to, reference, total, sequence, text);
        if (texts.isEmpty()) {
            return; // a segment of a message already received, sent again: acknowledged, nothing more
        }
        if (texts.size() == total) {
            store.forget(from, to, reference, total);
            inbound.receive(from, to, String.join("", texts));
        }
    }

    /** Forgets which segments were received before the cutoff. */
    public int forgetReceivedBefore(java.time.Instant cutoff) {
        return store.forgetReceivedBefore(cutoff);
    }

    /** Messages whose segments have waited since before the cutoff for one that never came. */
    public List<InboundSegmentStorePort.Waiting> incompleteSince(java.time.Instant cutoff, int limit) {
        return store.waitingSince(cutoff, limit);
    }

    /**
     * Receives what arrived of a message whose other segments never came, rather than keep it unseen: the missing
     * segments are marked in the text ({@code [segment 2 of 3 missing]}), so an opt-out in the parts that came is still
     * acted on and the record shows what was missing. Does nothing when the message was completed or received
     * meanwhile. Meant to run in one transaction per message.
     */
    public void receiveIncomplete(InboundSegmentStorePort.Waiting waiting) {
        java.util.SortedMap<Integer, String> parts = store.segments(waiting.from(), waiting.to(), waiting.reference(),
                waiting.total());
        if (parts.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder();
        for (int sequence = 1; sequence <= waiting.total(); sequence++) {
            String part = parts.get(sequence);
            text.append(part != null ? part : "[segment " + sequence + " of " + waiting.total() + " missing]");
        }
        store.forget(waiting.from(), waiting.to(), waiting.reference(), waiting.total());
        inbound.receive(waiting.from(), waiting.to(), text.toString());
    }
}
