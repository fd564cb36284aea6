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
        if (texts.size() == total) {
            store.forget(from, to, reference, total);
            inbound.receive(from, to, String.join("", texts));
        }
    }
}
