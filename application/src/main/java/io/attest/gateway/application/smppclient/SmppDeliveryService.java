package io.attest.gateway.application.smppclient;

import io.attest.gateway.application.events.port.in.EventFeedQuery;
import io.attest.gateway.application.events.port.in.EventFeedQuery.FeedEvent;
import io.attest.gateway.application.smppclient.port.in.DeliverToSmppClientsUseCase;
import io.attest.gateway.application.smppclient.port.in.SubmitFromSmppClientUseCase;
import io.attest.gateway.application.smppclient.port.out.SmppClientMessagePort;
import io.attest.gateway.application.smppclient.port.out.SmppClientMessagePort.SubmittedMessage;
import io.attest.gateway.application.smppclient.port.out.SmppClientSessionsPort;
import io.attest.gateway.application.smppclient.port.out.SmppClientSessionsPort.ClientDelivery;
import io.attest.gateway.application.smppclient.port.out.SmppClientSessionsPort.Inbound;
import io.attest.gateway.application.smppclient.port.out.SmppClientSessionsPort.Outcome;
import io.attest.gateway.application.smppclient.port.out.SmppClientSessionsPort.Receipt;
import io.attest.gateway.application.smppclient.port.out.SmppDeliveryCursorPort;
import io.attest.gateway.domain.shared.AccountId;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Follows an account's event feed from its SMPP cursor and hands its clients what is theirs: the final receipt of each
 * message an SMPP client submitted with registered_delivery asking for it, and every inbound message to the account's
 * numbers (after keyword handling). The cursor moves only past what a client acknowledged, so what nobody received
 * waits, durably and in order, until a receiver binds again; anything older than the expiry is skipped then. The cursor
 * is held while delivering, so with several binds, or several nodes, each delivery goes out once.
 */
public class SmppDeliveryService implements DeliverToSmppClientsUseCase {

    private static final int BATCH = 100;

    private final EventFeedQuery feed;
    private final SmppClientMessagePort messages;
    private final SmppDeliveryCursorPort cursors;
    private final SmppClientSessionsPort sessions;
    private final Clock clock;
    private final Duration expiry;

    public SmppDeliveryService(EventFeedQuery feed, SmppClientMessagePort messages, SmppDeliveryCursorPort cursors,
                               SmppClientSessionsPort sessions, Clock clock, Duration expiry) {
        this.feed = feed;
        this.messages = messages;
        this.cursors = cursors;
        this.sessions = sessions;
        this.clock = clock;
        this.expiry = expiry;
    }

    @Override
    public int deliverPending(AccountId account) {
        if (!sessions.canReceive(account.value())) {
            return 0;
        }
        AtomicInteger acknowledged = new AtomicInteger();
        cursors.withCursor(account.value(), from -> {
            long position = from;
            while (true) {
                List<FeedEvent> events = feed.after(account, position, BATCH);
                if (events.isEmpty()) {
                    return position;
                }
                List<ClientDelivery> deliveries = new ArrayList<>();
                List<Long> positions = new ArrayList<>();
                Map<String, SubmittedMessage> submitted = messages.find(events.stream()
                        .filter(e -> outcome(e.type()) != null).map(FeedEvent::messageId).toList());
                var oldest = clock.instant().minus(expiry);
                for (FeedEvent event : events) {
                    if (event.occurredAt().isBefore(oldest)) {
                        continue; // expired: documented, skipped
                    }
                    for (ClientDelivery delivery : deliveriesOf(event, submitted.get(event.messageId()))) {
                        deliveries.add(delivery);
                        positions.add(event.position());
                    }
                }
                int done = deliveries.isEmpty() ? 0 : sessions.deliver(account.value(), deliveries);
                acknowledged.addAndGet(done);
                if (done < deliveries.size()) {
                    // the event of the first one not acknowledged is tried again (with all its parts' receipts)
                    return positions.get(done) - 1;
                }
                position = events.getLast().position();
            }
        });
        return acknowledged.get();
    }

    /** The inbound message, or the message's receipt (one per part it was submitted in); none when not wanted. */
    private static List<ClientDelivery> deliveriesOf(FeedEvent event, SubmittedMessage submitted) {
        if ("message.received".equals(event.type())) {
            return List.of(new Inbound(event.messageId(), event.data(), event.occurredAt()));
        }
        Outcome outcome = outcome(event.type());
        if (outcome == null || submitted == null || !wants(submitted.registeredDelivery(), outcome)) {
            return List.of();
        }
        List<ClientDelivery> receipts = new ArrayList<>();
        for (int part = 1; part <= submitted.parts(); part++) {
            String id = submitted.parts() == 1 ? submitted.messageId()
                    : SubmitFromSmppClientUseCase.partId(submitted.messageId(), part);
            receipts.add(new Receipt(id, outcome, event.data(), submitted.submittedAt(), event.occurredAt(),
                    submitted.destinationAddress(), submitted.sourceAddress()));
        }
        return receipts;
    }

    /** registered_delivery's low two bits: 1 every final receipt, 2 failures only, 3 (SMPP 5.0) successes only. */
    static boolean wants(int registeredDelivery, Outcome outcome) {
        return switch (registeredDelivery & 0x03) {
            case 1 -> true;
            case 2 -> outcome != Outcome.DELIVERED;
            case 3 -> outcome == Outcome.DELIVERED;
            default -> false;
        };
    }

    private static Outcome outcome(String type) {
        return switch (type) {
            case "message.delivered" -> Outcome.DELIVERED;
            case "message.failed" -> Outcome.FAILED;
            case "message.expired" -> Outcome.EXPIRED;
            default -> null;
        };
    }
}
