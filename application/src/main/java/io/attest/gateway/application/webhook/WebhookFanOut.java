package io.attest.gateway.application.webhook;

import io.attest.gateway.application.events.port.in.EventFeedQuery;
import io.attest.gateway.application.shared.JsonText;
import io.attest.gateway.application.events.port.in.EventFeedQuery.AccountFeedEvent;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.Endpoint;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.NewDelivery;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Follows the event feed of every account and creates one delivery per event and destination: the message's
 * own webhook URL when it was sent with one, otherwise each enabled endpoint of the account subscribed to the
 * type. The body is the event exactly as {@code GET /v1/events} shows it. The cursor moves in the transaction
 * that creates the deliveries, so every event is fanned out once.
 */
public class WebhookFanOut {

    private final EventFeedQuery feed;
    private final WebhookStorePort store;
    private final Clock clock;
    private final int batchSize;

    public WebhookFanOut(EventFeedQuery feed, WebhookStorePort store, Clock clock, int batchSize) {
        this.feed = feed;
        this.store = store;
        this.clock = clock;
        this.batchSize = batchSize;
    }

    /** Fans out the events that arrived since the last call; returns how many events it looked at. */
    public int fanOutNewEvents() {
        long cursor = store.fanOutCursor();
        // Nothing can be delivered while no endpoint is enabled and no account has a secret for per-message
        // URLs (a send with a webhookUrl needs one): then the cursor skips to the feed's head without reading it.
        // The head is read first: an event at or below it with a webhookUrl was sent after its secret existed.
        long head = feed.lastFeedId();
        if (head > cursor && !store.anyDestinations()) {
            store.fanOut(List.of(), head);
            return 0;
        }
        List<AccountFeedEvent> events = feed.allAfter(cursor, batchSize);
        if (events.isEmpty()) {
            return 0;
        }
        Map<String, List<Endpoint>> endpointsByAccount = store.enabledEndpoints().stream()
                .collect(Collectors.groupingBy(endpoint -> endpoint.account().value()));
        List<NewDelivery> deliveries = new ArrayList<>();
        var now = clock.instant();
        for (AccountFeedEvent event : events) {
            String payload = payload(event.event());
            if (event.messageWebhookUrl() != null) {
                deliveries.add(delivery(event, null, event.messageWebhookUrl(), payload, now));
                continue;
            }
            for (Endpoint endpoint : endpointsByAccount.getOrDefault(event.accountId(), List.of())) {
                if (endpoint.receives(event.event().type())) {
                    deliveries.add(delivery(event, endpoint.id(), endpoint.url(), payload, now));
                }
            }
        }
        store.fanOut(deliveries, events.getLast().feedId());
        return events.size();
    }

    private static NewDelivery delivery(AccountFeedEvent event, String endpointId, String url, String payload,
                                        java.time.Instant now) {
        var e = event.event();
        return new NewDelivery(event.accountId(), endpointId, url, e.id(), e.type(), e.messageId(), e.sequence(),
                e.occurredAt(), payload, now);
    }

    /** The event as the feed shows it: id, position, type, messageId, sequence, occurredAt, data. */
    static String payload(EventFeedQuery.FeedEvent event) {
        StringBuilder json = new StringBuilder(256 + event.data().length());
        json.append("{\"id\":").append(JsonText.quote(event.id()))
                .append(",\"position\":").append(event.position())
                .append(",\"type\":").append(JsonText.quote(event.type()))
                .append(",\"messageId\":").append(JsonText.quote(event.messageId()))
                .append(",\"sequence\":").append(event.sequence())
                .append(",\"occurredAt\":").append(JsonText.quote(event.occurredAt().toString()))
                .append(",\"data\":").append(event.data())
                .append('}');
        return json.toString();
    }
}
