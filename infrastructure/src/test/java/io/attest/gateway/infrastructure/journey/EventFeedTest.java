package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.support.Eventually;
import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /v1/events: an account's events in order, without gaps, paged by cursor. */
class EventFeedTest extends GatewayTestBase {

    private List<JsonNode> eventsOf(String token, String messageId, int expected) {
        return Eventually.await(BOUND, expected + " events of " + messageId, () -> {
            List<JsonNode> found = new ArrayList<>();
            long after = 0;
            while (true) {
                JsonNode page = client.get("/v1/events?after=" + after + "&limit=500", token).json();
                page.get("events").forEach(event -> {
                    if (messageId.equals(event.path("messageId").asString(null))) {
                        found.add(event);
                    }
                });
                if (page.get("events").isEmpty()) {
                    break;
                }
                after = page.get("next").asLong();
            }
            return found.size() >= expected ? Optional.of(found) : Optional.empty();
        });
    }

    @Test
    void aMessageJourneyAppearsInOrderWithSequenceNumbers() {
        consentToAcmeCodes("+15557654321");
        String token = acmeToken();
        String id = client.sendMessage(token, ACME_SENDER, "+15557654321", "feed me").json().get("id").asString();

        List<JsonNode> events = eventsOf(token, id, 3);

        assertThat(events).extracting(e -> e.get("type").asString())
                .containsExactly("message.accepted", "message.submitted", "message.delivered");
        assertThat(events.get(0).get("data").get("to").asString()).isEqualTo("+15557654321");
        assertThat(events.get(0).get("data").get("encoding").asString()).isEqualTo("GSM-7");
        assertThat(events.get(1).get("data").get("carrierMessageId").asString()).isNotBlank();
        long previousSequence = -1;
        long previousPosition = 0;
        for (JsonNode event : events) {
            assertThat(event.get("sequence").asLong()).isGreaterThan(previousSequence);
            assertThat(event.get("position").asLong()).isGreaterThan(previousPosition);
            assertThat(event.get("id").asString()).isNotBlank();
            previousSequence = event.get("sequence").asLong();
            previousPosition = event.get("position").asLong();
        }
    }

    @Test
    void positionsHaveNoGapsAndPagesJoinUp() {
        consentToAcmeCodes("+15557654321");
        String token = acmeToken();
        for (int i = 0; i < 3; i++) {
            client.sendMessage(token, ACME_SENDER, "+15557654321", "page " + i);
        }
        Eventually.awaitTrue(BOUND, "at least 10 events", () ->
                client.get("/v1/events?after=0&limit=500", token).json().get("events").size() >= 10);

        List<Long> positions = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = client.get("/v1/events?after=" + after + "&limit=3", token).json();
            if (page.get("events").isEmpty()) {
                assertThat(page.get("next").asLong()).isEqualTo(after);
                break;
            }
            page.get("events").forEach(event -> positions.add(event.get("position").asLong()));
            after = page.get("next").asLong();
        }
        for (int i = 0; i < positions.size(); i++) {
            assertThat(positions.get(i)).isEqualTo(i + 1L);
        }
    }

    @Test
    void messagesSentAtOnceEachHaveEveryEventInTheFeed() throws Exception {
        consentToAcmeCodes("+15557654321");
        String token = acmeToken();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<String>> sends = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            int n = i;
            sends.add(pool.submit(() -> client.sendMessage(token, ACME_SENDER, "+15557654321", "at once " + n).json()
                    .get("id").asString()));
        }
        List<String> ids = new ArrayList<>();
        for (var send : sends) {
            ids.add(send.get());
        }
        pool.shutdown();

        // every message's accepted, submitted and delivered events are in the feed: none was skipped
        for (String id : ids) {
            awaitStatus(token, id, "delivered");
            assertThat(eventsOf(token, id, 3)).extracting(e -> e.get("type").asString())
                    .containsExactly("message.accepted", "message.submitted", "message.delivered");
        }
    }

    @Test
    void consentChangesAreEventsToo() {
        consentToAcmeCodes("+15557650001");
        String token = acmeToken();

        Eventually.awaitTrue(BOUND, "consent.opted_in event", () -> {
            JsonNode events = client.get("/v1/events?after=0&limit=500", token).json().get("events");
            for (JsonNode event : events) {
                if (event.get("type").asString().equals("consent.opted_in")
                        && event.get("data").get("subscriber").asString().equals("+15557650001")) {
                    return true;
                }
            }
            return false;
        });
    }

    @Test
    void anAccountSeesOnlyItsOwnEvents() {
        consentToAcmeCodes("+15557654321");
        String acmeMessage = client.sendMessage(acmeToken(), ACME_SENDER, "+15557654321", "acme only")
                .json().get("id").asString();
        eventsOf(acmeToken(), acmeMessage, 1);
        String globex = client.token("globex-app", "globex-secret", null);

        JsonNode globexEvents = client.get("/v1/events?after=0&limit=500", globex).json().get("events");

        globexEvents.forEach(event -> assertThat(event.path("messageId").asString(null)).isNotEqualTo(acmeMessage));
    }

    @Test
    void badCursorsAreA400AndTheFeedNeedsTheReadScope() {
        Response negative = client.get("/v1/events?after=-1", acmeToken());
        assertThat(negative.status()).isEqualTo(400);
        assertThat(client.get("/v1/events?limit=501", acmeToken()).status()).isEqualTo(400);
        assertThat(client.get("/v1/events?after=abc", acmeToken()).status()).isEqualTo(400);
        assertThat(client.get("/v1/events", client.token("acme-app", "acme-secret", "messages:send")).status())
                .isEqualTo(403);
    }
}
