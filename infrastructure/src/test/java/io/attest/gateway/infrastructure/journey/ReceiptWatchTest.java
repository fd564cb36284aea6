package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.GatewayApplication;
import io.attest.gateway.infrastructure.support.Eventually;
import io.attest.gateway.infrastructure.support.GatewayClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Optional;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Receipts that never come, against the simulator over real SMPP: one whose handset got the message but whose receipt
 * was lost (query_sm answers DELIVERED), one the SMSC keeps trying past its validity (query_sm answers ENROUTE).
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "gateway.data-dir=target/test-data/receipt-watch-${random.uuid}",
                "gateway.simulator.port=0",
                "gateway.simulator.receipt-delay=20ms",
                "gateway.receipts.query-after=1s",
                "gateway.receipts.check-interval=200ms",
                "gateway.receipts.give-up-after-validity=0s"
        })
class ReceiptWatchTest {

    static final Duration BOUND = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    private JsonNode sendAndAwait(String to, String validFor, String status) {
        GatewayClient client = new GatewayClient(port);
        String token = client.token("acme-app", "acme-secret", null);
        GatewayClient.Response consent = client.post("/v1/consents/opt-ins", token, """
                {"brandId": "acme-brand", "subscriber": "%s", "campaignId": "acme-otp", "kind": "EXPRESS",
                 "evidence": {"channel": "API", "disclosureShown": "Login codes by text", "consentGiven": "sign-up"}}
                """.formatted(to));
        assertThat(consent.status()).isEqualTo(201);
        GatewayClient.Response sent = client.post("/v1/messages", token, """
                {"from": "+15551234567", "to": "%s", "text": "Your code is 424242", "validFor": "%s"}"""
                .formatted(to, validFor));
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        String id = sent.json().get("id").asString();
        return Eventually.await(BOUND, id + " " + status, () -> {
            JsonNode message = client.get("/v1/messages/" + id, token).json();
            return status.equals(message.path("status").asString()) ? Optional.of(message) : Optional.empty();
        });
    }

    private static JsonNode lastStep(JsonNode message) {
        JsonNode timeline = message.get("timeline");
        return timeline.get(timeline.size() - 1);
    }

    @Test
    void aLostReceiptIsReplacedByWhatTheSmscAnswersToQuerySm() {
        JsonNode message = sendAndAwait("+15550500001", "PT1H", "delivered");

        JsonNode step = lastStep(message);
        assertThat(step.get("status").asString()).isEqualTo("delivered");
        assertThat(step.get("detail").asString()).contains("query_sm DELIVERED");
    }

    @Test
    void aMessageTheSmscStillHoldsPastItsValidityEndsExpiredWithTheReason() {
        JsonNode message = sendAndAwait("+15550200001", "PT2S", "expired");

        JsonNode step = lastStep(message);
        assertThat(step.get("event").asString()).isEqualTo("MessageExpired");
        assertThat(step.get("detail").asString()).contains("no delivery receipt by").contains("ENROUTE");
        assertThat(StreamSupport.stream(message.get("timeline").spliterator(), false)
                .map(s -> s.get("event").asString())).contains("MessageSubmitted");
    }
}
