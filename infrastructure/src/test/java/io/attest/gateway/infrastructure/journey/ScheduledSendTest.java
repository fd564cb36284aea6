package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A client schedules a message for later, sees it scheduled, and has it sent on time, or cancels it first. */
class ScheduledSendTest extends GatewayTestBase {

    private Response schedule(String token, String to, String text, Instant sendAt) {
        return client.post("/v1/messages", token, """
                {"from": "%s", "to": "%s", "text": "%s", "sendAt": "%s"}""".formatted(ACME_SENDER, to, text, sendAt));
    }

    @Test
    void aScheduledMessageWaitsForItsTimeAndIsDecidedAgainAndSentThen() {
        String token = acmeToken();
        consentToAcmeCodes("+15557780001");
        Instant sendAt = Instant.now().plusSeconds(3).truncatedTo(ChronoUnit.MILLIS);

        Response accepted = schedule(token, "+15557780001", "Your code is 313131", sendAt);

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        assertThat(accepted.json().get("status").asString()).isEqualTo("scheduled");
        assertThat(Instant.parse(accepted.json().get("sendAt").asString())).isEqualTo(sendAt);
        String id = accepted.json().get("id").asString();
        assertThat(client.get("/v1/messages/" + id, token).json().get("status").asString()).isEqualTo("scheduled");

        JsonNode delivered = awaitStatus(token, id, "delivered");
        List<String> events = new ArrayList<>();
        delivered.get("timeline").forEach(step -> events.add(step.get("event").asString()));
        assertThat(events).startsWith("MessageAccepted", "MessageScheduled", "MessageReleased");
        Instant released = Instant.parse(delivered.get("timeline").get(2).get("at").asString());
        assertThat(released).as("not before its time").isAfterOrEqualTo(sendAt);
        assertThat(feedTypesOf(token, id)).startsWith("message.accepted", "message.scheduled");
    }

    @Test
    void aScheduledMessageIsCancelledUntilItIsReleasedAndOnlyByItsAccount() {
        String token = acmeToken();
        consentToAcmeCodes("+15557780002");
        io.attest.gateway.infrastructure.support.WebhookReceiver receiver = new io.attest.gateway.infrastructure.support.WebhookReceiver();
        Response endpoint = client.post("/v1/webhook-endpoints", token, """
                {"url": "%s", "eventTypes": ["message.scheduled", "message.cancelled"]}""".formatted(receiver.url("/scheduled")));
        assertThat(endpoint.status()).as(endpoint.body()).isEqualTo(201);
        try {
            cancelledOnlyByItsAccountAndUntilReleased(token, receiver);
        } finally {
            client.delete("/v1/webhook-endpoints/" + endpoint.json().get("id").asString(), token);
            receiver.close();
        }
    }

    private void cancelledOnlyByItsAccountAndUntilReleased(String token,
                                                          io.attest.gateway.infrastructure.support.WebhookReceiver receiver) {
        String id = schedule(token, "+15557780002", "Your code is 424242", Instant.now().plus(1, ChronoUnit.HOURS))
                .json().get("id").asString();
        String globex = client.token("globex-app", "globex-secret", null);

        assertThat(client.post("/v1/messages/" + id + "/cancellation", globex, "").status())
                .as("another account's message is not found").isEqualTo(404);
        Response cancelled = client.post("/v1/messages/" + id + "/cancellation", token, "");
        assertThat(cancelled.status()).as(cancelled.body()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("cancelled");
        awaitStatus(token, id, "cancelled");
        assertThat(client.post("/v1/messages/" + id + "/cancellation", token, "").status())
                .as("cancelled already").isEqualTo(409);
        assertThat(feedTypesOf(token, id)).containsExactly("message.accepted", "message.scheduled", "message.cancelled");
        List<String> webhooks = io.attest.gateway.infrastructure.support.Eventually.await(BOUND, "both webhooks", () -> {
            List<String> types = receiver.requests("/scheduled").stream()
                    .filter(r -> id.equals(r.json().path("messageId").asString(null)))
                    .map(r -> r.json().get("type").asString()).distinct().toList();
            return types.size() == 2 ? java.util.Optional.of(types) : java.util.Optional.empty();
        });
        assertThat(webhooks).as("the webhooks say so").containsExactlyInAnyOrder("message.scheduled", "message.cancelled");

        String sent = client.sendMessage(token, ACME_SENDER, "+15557780002", "Your code is 1").json().get("id").asString();
        awaitStatus(token, sent, "delivered");
        Response late = client.post("/v1/messages/" + sent + "/cancellation", token, "");
        assertThat(late.status()).as("a message released and sent is not cancelled").isEqualTo(409);
        assertThat(late.json().get("code").asString()).isEqualTo("invalid-state");
    }

    @Test
    void aSendTimeInThePastBeyondTheHorizonOrMalformedIsRefusedAndABlockedMessageIsRefusedAtOnce() {
        String token = acmeToken();
        consentToAcmeCodes("+15557780003");
        for (Instant bad : List.of(Instant.now().minusSeconds(60), Instant.now().plus(31, ChronoUnit.DAYS))) {
            Response refused = schedule(token, "+15557780003", "Your code is 5", bad);
            assertThat(refused.status()).as(refused.body()).isEqualTo(400);
            assertThat(refused.json().get("code").asString()).isEqualTo("invalid-send-at");
        }
        Response malformed = client.post("/v1/messages", token, """
                {"from": "%s", "to": "+15557780003", "text": "hi", "sendAt": "tomorrow"}""".formatted(ACME_SENDER));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.json().get("code").asString()).isEqualTo("invalid-send-at");

        Response blocked = schedule(token, "+15557780004", "Your code is 6", Instant.now().plus(1, ChronoUnit.HOURS));
        assertThat(blocked.status()).as("no consent: refused now, not at its time").isEqualTo(422);
        assertThat(blocked.json().get("rule").asString()).isEqualTo("consent.missing");
    }

    @Test
    void aSubscriberWhoOptsOutBeforeTheTimeIsNotMessaged() {
        String token = acmeToken();
        consentToAcmeCodes("+15557780005");
        String id = schedule(token, "+15557780005", "Your code is 777", Instant.now().plusSeconds(3))
                .json().get("id").asString();
        Response optOut = client.post("/v1/consents/opt-outs", token, """
                {"brandId": "acme-brand", "subscriber": "+15557780005", "scope": "BRAND", "method": "AGENT",
                 "words": "customer called and asked to stop all texts"}""");
        assertThat(optOut.status()).as(optOut.body()).isEqualTo(200);

        JsonNode blocked = awaitStatus(token, id, "blocked");
        assertThat(blocked.get("timeline").get(2).get("detail").asString()).startsWith("consent.opted-out");
    }
}
