package io.attest.gateway.application.events.port.in;

import io.attest.gateway.domain.shared.AccountId;

import java.time.Instant;
import java.util.List;

/**
 * An account's events in order, after a position: message.accepted, .held, .blocked, .submitted,
 * .delivered, .failed, .expired, .received, consent.opted_in, consent.opted_out.
 */
public interface EventFeedQuery {

    List<FeedEvent> after(AccountId account, long position, int limit);

    /**
     * @param sequence the event's number within its message (or consent) history, for ordering and de-duplication
     * @param data     the event's details as a JSON object
     */
    record FeedEvent(long position, String id, String type, String messageId, long sequence, Instant occurredAt,
                     String data) {
    }
}
