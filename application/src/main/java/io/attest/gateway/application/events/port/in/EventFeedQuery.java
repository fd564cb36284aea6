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

    /** One account's events of one type after a position, in order: its inbound messages, its sent ones. */
    List<FeedEvent> ofType(AccountId account, String type, long position, int limit);

    /**
     * Every account's events after a point of the gateway-wide order ({@code feedId}), in that order: what the
     * webhook fan-out follows. Each comes with the webhook URL its message was sent with, if any.
     */
    List<AccountFeedEvent> allAfter(long feedId, int limit);

    /** The newest point of the gateway-wide order; 0 when the feed is empty. */
    long lastFeedId();

    /** Current status of outbound messages, by id, for the messages of one account; absent ids are not its. */
    java.util.Map<String, String> statusOf(AccountId account, java.util.Collection<String> messageIds);

    record AccountFeedEvent(long feedId, String accountId, FeedEvent event, String messageWebhookUrl) {
    }

    /**
     * @param sequence the event's number within its message (or consent) history, for ordering and de-duplication
     * @param data     the event's details as a JSON object
     */
    record FeedEvent(long position, String id, String type, String messageId, long sequence, Instant occurredAt,
                     String data) {
    }
}
