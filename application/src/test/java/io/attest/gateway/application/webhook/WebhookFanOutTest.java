package io.attest.gateway.application.webhook;

import io.attest.gateway.application.events.port.in.EventFeedQuery;
import io.attest.gateway.application.events.port.in.EventFeedQuery.AccountFeedEvent;
import io.attest.gateway.application.events.port.in.EventFeedQuery.FeedEvent;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.Endpoint;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.NewDelivery;
import io.attest.gateway.domain.shared.AccountId;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class WebhookFanOutTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final EventFeedQuery feed = mock(EventFeedQuery.class);
    private final WebhookStorePort store = mock(WebhookStorePort.class);
    private final WebhookFanOut fanOut = new WebhookFanOut(feed, store, Clock.fixed(NOW, ZoneOffset.UTC), 500);

    @org.junit.jupiter.api.BeforeEach
    void somewhereToDeliver() {
        when(feed.lastFeedId()).thenReturn(Long.MAX_VALUE);
        when(store.anyDestinations()).thenReturn(true);
    }

    private static Endpoint endpoint(String id, String account, Set<String> types, boolean enabled) {
        return new Endpoint(id, AccountId.of(account), "https://" + id + ".example.com", types, null, enabled, null,
                NOW, NOW);
    }

    private static AccountFeedEvent event(long feedId, String account, String type, String messageId, String url) {
        return new AccountFeedEvent(feedId, account, new FeedEvent(feedId, "evt-" + feedId, type, messageId, 3,
                NOW.minusSeconds(1), "{\"to\":\"+15557654321\",\"text\":\"say \\\"hi\\\"\"}"), url);
    }

    private List<NewDelivery> fannedOut(long cursor) {
        @SuppressWarnings("unchecked")
        ArgumentCaptor<List<NewDelivery>> deliveries = ArgumentCaptor.forClass(List.class);
        verify(store).fanOut(deliveries.capture(), eq(cursor));
        return deliveries.getValue();
    }

    @Test
    void withNowhereToDeliverTheCursorSkipsToTheHeadWithoutReadingTheFeed() {
        when(store.fanOutCursor()).thenReturn(10L);
        when(feed.lastFeedId()).thenReturn(250L);
        when(store.anyDestinations()).thenReturn(false);

        assertThat(fanOut.fanOutNewEvents()).isZero();

        verify(store).fanOut(List.of(), 250L);
        verify(feed, never()).allAfter(anyLong(), anyInt());
    }

    @Test
    void eachEventGoesToEveryEndpointOfItsAccountSubscribedToItsType() {
        when(store.fanOutCursor()).thenReturn(10L);
        when(feed.allAfter(10L, 500)).thenReturn(List.of(
                event(11, "acme", "message.accepted", "m-1", null),
                event(12, "acme", "message.delivered", "m-1", null),
                event(13, "globex", "message.delivered", "m-2", null)));
        when(store.enabledEndpoints()).thenReturn(List.of(
                endpoint("all", "acme", Set.of(), true),
                endpoint("delivered", "acme", Set.of("message.delivered"), true),
                endpoint("globex", "globex", Set.of("message.accepted"), true)));

        assertThat(fanOut.fanOutNewEvents()).isEqualTo(3);

        assertThat(fannedOut(13L)).extracting(d -> d.endpointId() + "/" + d.eventId())
                .containsExactly("all/evt-11", "all/evt-12", "delivered/evt-12");
    }

    @Test
    void aMessageSentWithItsOwnUrlGoesThereInsteadOfToTheEndpoints() {
        when(store.fanOutCursor()).thenReturn(0L);
        when(feed.allAfter(0L, 500)).thenReturn(List.of(event(1, "acme", "message.accepted", "m-1",
                "https://mine.example.com/hook")));
        when(store.enabledEndpoints()).thenReturn(List.of(endpoint("all", "acme", Set.of(), true)));

        fanOut.fanOutNewEvents();

        assertThat(fannedOut(1L)).singleElement().satisfies(d -> {
            assertThat(d.endpointId()).isNull();
            assertThat(d.url()).isEqualTo("https://mine.example.com/hook");
        });
    }

    @Test
    void theBodyIsTheFeedEventAsJson() {
        when(store.fanOutCursor()).thenReturn(0L);
        when(feed.allAfter(0L, 500)).thenReturn(List.of(event(1, "acme", "message.accepted", "m-1", null)));
        when(store.enabledEndpoints()).thenReturn(List.of(endpoint("all", "acme", Set.of(), true)));

        fanOut.fanOutNewEvents();

        JsonNode body = JsonMapper.builder().build().readTree(fannedOut(1L).getFirst().payload());
        assertThat(body.get("id").asString()).isEqualTo("evt-1");
        assertThat(body.get("type").asString()).isEqualTo("message.accepted");
        assertThat(body.get("messageId").asString()).isEqualTo("m-1");
        assertThat(body.get("sequence").asLong()).isEqualTo(3);
        assertThat(body.get("position").asLong()).isEqualTo(1);
        assertThat(body.get("occurredAt").asString()).isEqualTo("2026-11-25T11:59:59Z");
        assertThat(body.get("data").get("text").asString()).isEqualTo("say \"hi\"");
    }

    @Test
    void nothingNewMovesNothing() {
        when(store.fanOutCursor()).thenReturn(5L);
        when(feed.allAfter(anyLong(), anyInt())).thenReturn(List.of());

        assertThat(fanOut.fanOutNewEvents()).isZero();

        verify(store, never()).fanOut(org.mockito.ArgumentMatchers.any(), anyLong());
    }
}
