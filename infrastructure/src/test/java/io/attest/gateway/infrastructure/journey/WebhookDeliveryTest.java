package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.simulator.SmscSimulator;
import io.attest.gateway.infrastructure.support.Eventually;
import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import io.attest.gateway.infrastructure.support.WebhookReceiver;
import io.attest.gateway.infrastructure.support.WebhookReceiver.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Webhooks end to end: endpoints managed over the API, events fanned out from the feed, signed and POSTed to a
 * real HTTP receiver, retried, dead-lettered, replayed; and the inbound side of two-way messaging.
 */
class WebhookDeliveryTest extends GatewayTestBase {

    private static final String SUBSCRIBER = "+15557654321";

    @Autowired
    io.attest.gateway.infrastructure.support.SimulatorProbe simulator;

    @Autowired
    org.jooq.DSLContext db;

    private WebhookReceiver receiver;
    private String acme;
    private String globex;

    @BeforeEach
    void receiver() {
        receiver = new WebhookReceiver();
        acme = acmeToken();
        globex = client.token("globex-app", "globex-secret", null);
    }

    @AfterEach
    void removeEndpoints() {
        for (String token : List.of(acme, globex)) {
            client.get("/v1/webhook-endpoints", token).json().get("endpoints")
                    .forEach(endpoint -> client.delete("/v1/webhook-endpoints/" + endpoint.get("id").asString(), token));
        }
        receiver.close();
    }

    private JsonNode createEndpoint(String token, String path, String... eventTypes) {
        StringBuilder types = new StringBuilder();
        for (String type : eventTypes) {
            types.append(types.isEmpty() ? "" : ",").append('"').append(type).append('"');
        }
        Response created = client.post("/v1/webhook-endpoints", token, """
                {"url": "%s", "eventTypes": [%s], "description": "test receiver"}
                """.formatted(receiver.url(path), types));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.location()).endsWith(created.json().get("id").asString());
        return created.json();
    }

    private String send(String token, String from, String text) {
        Response sent = client.sendMessage(token, from, SUBSCRIBER, text);
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        return sent.json().get("id").asString();
    }

    private List<Request> received(String path, String messageId, int atLeast) {
        return Eventually.await(BOUND, atLeast + " webhook(s) of " + messageId + " at " + path, () -> {
            List<Request> found = receiver.requests(path).stream()
                    .filter(r -> messageId.equals(r.json().path("messageId").asString(null))).toList();
            return found.size() >= atLeast ? Optional.of(found) : Optional.empty();
        });
    }

    private JsonNode deliveryOf(String token, String messageId, String eventType, String status) {
        return Eventually.await(BOUND, eventType + " delivery of " + messageId + " " + status, () -> {
            for (JsonNode delivery : allDeliveries(token)) {
                if (messageId.equals(delivery.path("messageId").asString(null))
                        && delivery.get("eventType").asString().equals(eventType)
                        && delivery.get("status").asString().equals(status)) {
                    return Optional.of(client.get("/v1/webhook-deliveries/" + delivery.get("id").asLong(), token).json());
                }
            }
            return Optional.empty();
        });
    }

    private List<JsonNode> allDeliveries(String token) {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = client.get("/v1/webhook-deliveries?after=" + after + "&limit=500", token).json();
            page.get("deliveries").forEach(all::add);
            if (page.get("deliveries").isEmpty()) {
                return all;
            }
            after = page.get("next").asLong();
        }
    }

    @Test
    void eventsArriveSignedWithIdTimestampAndSequenceAndEachAttemptIsOnTheTimeline() {
        consentToAcmeCodes(SUBSCRIBER);
        String secret = createEndpoint(acme, "/acme").get("secret").asString();
        assertThat(secret).startsWith("whsec_");
        String id = send(acme, ACME_SENDER, "signed events");

        List<Request> requests = received("/acme", id, 3);

        Map<String, Request> byEventId = new LinkedHashMap<>();
        for (Request request : requests) {
            assertThat(request.signedWith(secret)).as("signature of " + request.body()).isTrue();
            assertThat(request.header("webhook-id")).isEqualTo(request.json().get("id").asString());
            long timestamp = Long.parseLong(request.header("webhook-timestamp"));
            assertThat(Math.abs(Instant.now().getEpochSecond() - timestamp)).isLessThan(300);
            assertThat(request.header("content-type")).startsWith("application/json");
            byEventId.putIfAbsent(request.header("webhook-id"), request); // de-duplicated by webhook-id
        }
        List<JsonNode> ordered = byEventId.values().stream().map(Request::json)
                .sorted(Comparator.comparingLong(event -> event.get("sequence").asLong())).toList();
        assertThat(ordered).extracting(event -> event.get("type").asString())
                .containsExactly("message.accepted", "message.submitted", "message.delivered");
        assertThat(ordered.getFirst().get("data").get("to").asString()).isEqualTo(SUBSCRIBER);
        // the body is the event exactly as the feed shows it
        JsonNode feed = client.get("/v1/events?after=" + (ordered.getFirst().get("position").asLong() - 1) + "&limit=1",
                acme).json().get("events").get(0);
        assertThat(feed.get("id").asString()).isEqualTo(ordered.getFirst().get("id").asString());

        JsonNode timeline = Eventually.await(BOUND, "three webhook attempts on the timeline", () -> {
            JsonNode message = client.get("/v1/messages/" + id, acme).json();
            List<JsonNode> attempts = new ArrayList<>();
            message.get("timeline").forEach(step -> {
                if (step.get("event").asString().equals("WebhookAttempt")) {
                    attempts.add(step);
                }
            });
            return attempts.size() >= 3 ? Optional.of(message.get("timeline")) : Optional.empty();
        });
        timeline.forEach(step -> {
            if (step.get("event").asString().equals("WebhookAttempt")) {
                assertThat(step.get("webhook").get("statusCode").asInt()).isEqualTo(200);
                assertThat(step.get("webhook").get("outcome").asString()).isEqualTo("delivered");
                assertThat(step.get("webhook").get("url").asString()).isEqualTo(receiver.url("/acme"));
                assertThat(step.get("webhook").has("latencyMillis")).isTrue();
            }
        });
    }

    @Test
    void eventsArrivingOutOfOrderAreOrderedBySequence() {
        consentToAcmeCodes(SUBSCRIBER);
        createEndpoint(acme, "/late", "message.accepted", "message.delivered");
        // the receiver refuses message.accepted until it has message.delivered: they arrive out of order
        receiver.answer("/late", request -> request.json().get("type").asString().equals("message.accepted")
                && receiver.requests("/late").stream().noneMatch(r -> r.json().get("type").asString()
                .equals("message.delivered") && r.json().get("messageId").equals(request.json().get("messageId")))
                ? 503 : 200);
        String id = send(acme, ACME_SENDER, "out of order");
        JsonNode accepted = Eventually.await(BOUND, "message.accepted refused while message.delivered was missing", () -> {
            for (JsonNode d : allDeliveries(acme)) {
                if (id.equals(d.path("messageId").asString(null)) && d.get("eventType").asString().equals("message.accepted")
                        && d.get("attempts").asInt() > 0) {
                    return Optional.of(d);
                }
            }
            return Optional.empty();
        });
        deliveryOf(acme, id, "message.delivered", "delivered");
        Eventually.awaitTrue(BOUND, "message.accepted delivered at last", () -> {
            JsonNode now = client.get("/v1/webhook-deliveries/" + accepted.get("id").asLong(), acme).json();
            if (now.get("status").asString().equals("dead")) { // its retries ran out first: the client replays it
                client.post("/v1/webhook-deliveries/" + accepted.get("id").asLong() + "/replay", acme, "");
            }
            return now.get("status").asString().equals("delivered");
        });

        List<JsonNode> arrived = receiver.requests("/late").stream().filter(r -> r.json().get("messageId").asString()
                .equals(id)).filter(r -> r.json().get("type").asString().equals("message.delivered")
                || receiver.requests("/late").indexOf(r) > receiver.requests("/late").indexOf(firstDelivered(id)))
                .map(Request::json).toList();
        assertThat(arrived.getFirst().get("type").asString()).isEqualTo("message.delivered");
        // the receiver de-duplicates by id and orders by sequence: accepted comes first again
        Map<String, JsonNode> unique = new LinkedHashMap<>();
        arrived.forEach(event -> unique.putIfAbsent(event.get("id").asString(), event));
        assertThat(unique.values().stream().sorted(Comparator.comparingLong(e -> e.get("sequence").asLong()))
                .map(e -> e.get("type").asString()).toList())
                .containsExactly("message.accepted", "message.delivered");
    }

    private Request firstDelivered(String id) {
        return receiver.requests("/late").stream().filter(r -> r.json().get("messageId").asString().equals(id)
                && r.json().get("type").asString().equals("message.delivered")).findFirst().orElseThrow();
    }

    @Test
    void anEndpointGetsOnlyTheTypesItSubscribedTo() {
        consentToAcmeCodes(SUBSCRIBER);
        createEndpoint(acme, "/delivered-only", "message.delivered");
        createEndpoint(acme, "/everything");
        String id = send(acme, ACME_SENDER, "only delivered");

        received("/everything", id, 3);
        deliveryOf(acme, id, "message.delivered", "delivered");

        assertThat(received("/delivered-only", id, 1)).extracting(r -> r.json().get("type").asString())
                .containsOnly("message.delivered");
    }

    @Test
    void failuresAndTimeoutsAreRetriedUntilTheReceiverAnswers() {
        consentToAcmeCodes(SUBSCRIBER);
        createEndpoint(acme, "/flaky", "message.delivered");
        AtomicInteger calls = new AtomicInteger();
        receiver.answer("/flaky", request -> switch (calls.incrementAndGet()) {
            case 1 -> 500;
            case 2 -> WebhookReceiver.HANG; // held open past the gateway's timeout
            default -> 204;
        });
        String id = send(acme, ACME_SENDER, "retry me");

        JsonNode delivery = deliveryOf(acme, id, "message.delivered", "delivered");
        receiver.releaseHangs();

        assertThat(delivery.get("attempts").asInt()).isEqualTo(3);
        JsonNode history = delivery.get("attemptHistory");
        assertThat(history.get(0).get("statusCode").asInt()).isEqualTo(500);
        assertThat(history.get(0).get("outcome").asString()).isEqualTo("retrying");
        assertThat(history.get(1).get("statusCode").isNull()).isTrue();
        assertThat(history.get(1).get("error").asString()).contains("no answer within");
        assertThat(history.get(2).get("statusCode").asInt()).isEqualTo(204);
        assertThat(history.get(2).get("outcome").asString()).isEqualTo("delivered");
        // each retry carried the same webhook-id, so the receiver can drop the repeats
        assertThat(received("/flaky", id, 3)).extracting(r -> r.header("webhook-id")).containsOnly(
                delivery.get("eventId").asString());
    }

    @Test
    void afterTheLastRetryADeliveryIsADeadLetterThatCanBeReplayed() {
        consentToAcmeCodes(SUBSCRIBER);
        createEndpoint(acme, "/down", "message.submitted");
        receiver.answer("/down", request -> 503);
        String id = send(acme, ACME_SENDER, "dead letter");

        JsonNode dead = deliveryOf(acme, id, "message.submitted", "dead");
        assertThat(dead.get("attempts").asInt()).isEqualTo(4); // the first and the 3 retries of the schedule
        assertThat(dead.get("lastStatusCode").asInt()).isEqualTo(503);
        assertThat(client.get("/v1/webhook-deliveries?status=dead&limit=500", acme).json().get("deliveries"))
                .anySatisfy(d -> assertThat(d.get("id").asLong()).isEqualTo(dead.get("id").asLong()));

        receiver.answer("/down", request -> 200);
        Response replay = client.post("/v1/webhook-deliveries/" + dead.get("id").asLong() + "/replay", acme, "");
        assertThat(replay.status()).as(replay.body()).isEqualTo(202);
        JsonNode delivered = deliveryOf(acme, id, "message.submitted", "delivered");
        assertThat(delivered.get("attempts").asInt()).isEqualTo(5);

        Response again = client.post("/v1/webhook-deliveries/" + dead.get("id").asLong() + "/replay", acme, "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asString()).isEqualTo("invalid-state");
    }

    @Test
    void anAttemptCutOffMidRequestIsMadeAgainOnceItsLeaseRunsOut() {
        consentToAcmeCodes(SUBSCRIBER);
        createEndpoint(acme, "/cut-off", "message.accepted");
        AtomicInteger calls = new AtomicInteger();
        receiver.answer("/cut-off", request -> calls.incrementAndGet() == 1 ? WebhookReceiver.HANG : 200);
        String id = send(acme, ACME_SENDER, "cut off");
        JsonNode open = deliveryOf(acme, id, "message.accepted", "delivering");

        // as if the node making the request had died: its lease is over
        db.update(org.jooq.impl.DSL.table("webhook_delivery"))
                .set(org.jooq.impl.DSL.field("lease_until"), java.time.OffsetDateTime.now().minusMinutes(1))
                .where(org.jooq.impl.DSL.field("id").eq(open.get("id").asLong()))
                .execute();

        JsonNode delivered = deliveryOf(acme, id, "message.accepted", "delivered");
        receiver.releaseHangs();
        assertThat(delivered.get("id").asLong()).isEqualTo(open.get("id").asLong());
        assertThat(received("/cut-off", id, 2)).extracting(r -> r.header("webhook-id"))
                .containsOnly(open.get("eventId").asString());
    }

    @Test
    void aReceiverAnswering410DisablesItsEndpoint() {
        consentToAcmeCodes(SUBSCRIBER);
        String endpointId = createEndpoint(acme, "/gone", "message.accepted").get("id").asString();
        receiver.answer("/gone", request -> 410);
        String id = send(acme, ACME_SENDER, "gone");

        JsonNode dead = deliveryOf(acme, id, "message.accepted", "dead");
        assertThat(dead.get("attempts").asInt()).isEqualTo(1);
        JsonNode endpoint = client.get("/v1/webhook-endpoints/" + endpointId, acme).json();
        assertThat(endpoint.get("enabled").asBoolean()).isFalse();
        assertThat(endpoint.get("disabledReason").asString()).contains("410");
        assertThat(client.post("/v1/webhook-deliveries/" + dead.get("id").asLong() + "/replay", acme, "").status())
                .isEqualTo(409);

        Response enabled = client.patch("/v1/webhook-endpoints/" + endpointId, acme, "{\"enabled\": true}");
        assertThat(enabled.json().get("enabled").asBoolean()).isTrue();
        receiver.answer("/gone", request -> 200);
        String next = send(acme, ACME_SENDER, "back");
        deliveryOf(acme, next, "message.accepted", "delivered");
    }

    @Test
    void aMessageOwnWebhookUrlGetsItsEventsSignedWithTheAccountMessageUrlSecret() {
        consentToAcmeCodes(SUBSCRIBER);
        createEndpoint(globex, "/unused"); // another account's secret changes nothing here
        createEndpoint(acme, "/account-endpoint");
        String body = """
                {"from": "%s", "to": "%s", "text": "own url", "webhookUrl": "%s"}
                """.formatted(ACME_SENDER, SUBSCRIBER, receiver.url("/per-message"));

        String secret = client.post("/v1/webhook-secret", acme, "{}").json().get("secret").asString();
        Response sent = client.post("/v1/messages", acme, body);
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        String id = sent.json().get("id").asString();

        List<Request> requests = received("/per-message", id, 3);
        assertThat(requests).allSatisfy(r -> assertThat(r.signedWith(secret)).isTrue());
        String other = send(acme, ACME_SENDER, "to the endpoint");
        received("/account-endpoint", other, 3);
        assertThat(receiver.requests("/account-endpoint"))
                .noneMatch(r -> id.equals(r.json().path("messageId").asString(null)));
    }

    @Test
    void aWebhookUrlNeedsTheAccountMessageUrlSecretAndAWellFormedUrl() {
        consentToAcmeCodes(SUBSCRIBER);
        // globex has never created its message URL secret
        Response noSecret = client.post("/v1/messages", globex, """
                {"from": "%s", "to": "%s", "text": "x", "webhookUrl": "https://hooks.example.com/x"}
                """.formatted(GLOBEX_SENDER, SUBSCRIBER));
        assertThat(noSecret.status()).isEqualTo(422);
        assertThat(noSecret.json().get("code").asString()).isEqualTo("webhook-secret-required");

        client.post("/v1/webhook-secret", acme, "{}");
        Response badUrl = client.post("/v1/messages", acme, """
                {"from": "%s", "to": "%s", "text": "x", "webhookUrl": "ftp://hooks.example.com/x"}
                """.formatted(ACME_SENDER, SUBSCRIBER));
        assertThat(badUrl.status()).isEqualTo(400);
        assertThat(badUrl.json().get("code").asString()).isEqualTo("invalid-webhook-url");
    }

    @Test
    void aRotatedSecretOverlapsWithThePreviousOne() {
        consentToAcmeCodes(SUBSCRIBER);
        JsonNode endpoint = createEndpoint(acme, "/rotating", "message.accepted");
        String old = endpoint.get("secret").asString();
        Response rotated = client.post("/v1/webhook-endpoints/" + endpoint.get("id").asString() + "/secret-rotations",
                acme, "{\"overlapSeconds\": 3600}");
        assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
        String fresh = rotated.json().get("secret").asString();
        assertThat(fresh).isNotEqualTo(old);

        String id = send(acme, ACME_SENDER, "two signatures");
        Request request = received("/rotating", id, 1).getFirst();
        assertThat(request.signatures()).hasSize(2);
        assertThat(request.signedWith(fresh)).isTrue();
        assertThat(request.signedWith(old)).isTrue();

        client.post("/v1/webhook-endpoints/" + endpoint.get("id").asString() + "/secret-rotations", acme,
                "{\"overlapSeconds\": 0}");
        String later = send(acme, ACME_SENDER, "one signature");
        Request next = received("/rotating", later, 1).getFirst();
        assertThat(next.signatures()).hasSize(1);
        assertThat(next.signedWith(fresh)).isFalse();
    }

    @Test
    void aHangingReceiverOfOneAccountDoesNotHoldBackAnotherAccountsDeliveries() {
        consentToAcmeCodes(SUBSCRIBER);
        createEndpoint(globex, "/globex-hangs");
        receiver.answer("/globex-hangs", request -> WebhookReceiver.HANG);
        client.post("/v1/consents/opt-ins", globex, """
                {"brandId": "globex-brand", "subscriber": "%s", "campaignId": "globex-otp", "kind": "EXPRESS",
                 "evidence": {"channel": "API", "disclosureShown": "Codes by text. Reply STOP to cancel.",
                              "consentGiven": "sign-up form", "sourceReference": "signup"}}
                """.formatted(SUBSCRIBER));
        for (int i = 0; i < 4; i++) {
            client.sendMessage(globex, GLOBEX_SENDER, SUBSCRIBER, "globex " + i);
        }
        // globex's backlog is queued ahead of anything acme sends from here on
        Eventually.awaitTrue(BOUND, "globex's receiver holding requests with 12 or more events queued",
                () -> receiver.hanging() > 0 && allDeliveries(globex).size() >= 12);

        createEndpoint(acme, "/acme-fine");
        String id = send(acme, ACME_SENDER, "not held back");

        // the gateway's per-attempt timeout is 4 s and globex has 12 or more events queued: delivered one after
        // another, acme's would wait behind them far longer than the bound
        received("/acme-fine", id, 3);
        assertThat(receiver.hanging()).isPositive();
    }

    @Test
    void anAccountSeesAndTouchesOnlyItsOwnEndpointsAndDeliveries() {
        consentToAcmeCodes(SUBSCRIBER);
        String endpointId = createEndpoint(acme, "/private", "message.accepted").get("id").asString();
        String id = send(acme, ACME_SENDER, "mine");
        long deliveryId = deliveryOf(acme, id, "message.accepted", "delivered").get("id").asLong();

        assertThat(client.get("/v1/webhook-endpoints/" + endpointId, globex).status()).isEqualTo(404);
        assertThat(client.patch("/v1/webhook-endpoints/" + endpointId, globex, "{\"enabled\": false}").status())
                .isEqualTo(404);
        assertThat(client.delete("/v1/webhook-endpoints/" + endpointId, globex).status()).isEqualTo(404);
        assertThat(client.get("/v1/webhook-deliveries/" + deliveryId, globex).status()).isEqualTo(404);
        assertThat(client.post("/v1/webhook-deliveries/" + deliveryId + "/replay", globex, "").status()).isEqualTo(404);
        assertThat(client.get("/v1/webhook-endpoints", globex).json().get("endpoints"))
                .noneMatch(e -> e.get("id").asString().equals(endpointId));
        assertThat(allDeliveries(globex)).noneMatch(d -> d.get("id").asLong() == deliveryId);
        // and the secret is shown once only
        assertThat(client.get("/v1/webhook-endpoints/" + endpointId, acme).json().get("secret").isNull()).isTrue();
    }

    @Autowired
    org.springframework.jdbc.core.JdbcTemplate jdbc;

    @Test
    void signingSecretsAreStoredEncryptedAndStillSign() {
        consentToAcmeCodes(SUBSCRIBER);
        JsonNode endpoint = createEndpoint(acme, "/encrypted", "message.accepted");
        String secret = endpoint.get("secret").asString();
        String id = send(acme, ACME_SENDER, "sealed");
        deliveryOf(acme, id, "message.accepted", "delivered");

        java.util.List<String> stored = jdbc.queryForList("SELECT secret FROM webhook_secret WHERE endpoint_id = ?",
                String.class, endpoint.get("id").asString());
        assertThat(stored).singleElement().satisfies(value -> {
            assertThat(value).startsWith("enc:v1:").doesNotContain(secret)
                    .doesNotContain(secret.substring(secret.indexOf('_') + 1));
        });
        assertThat(receiver.requests("/encrypted")).isNotEmpty().allSatisfy(request ->
                assertThat(request.signedWith(secret)).isTrue());
    }

    @Autowired
    org.springframework.transaction.PlatformTransactionManager transactions;

    @Autowired
    io.attest.gateway.infrastructure.adapter.out.persistence.SecretCipher cipher;

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path keys;

    @Test
    void secretsStoredInPlainTextAreEncryptedAtStartAndAnotherKeyIsRefused() {
        jdbc.update("INSERT INTO webhook_secret (account_id, endpoint_id, secret, created_at) "
                + "VALUES ('globex', 'ep-stored-before', 'whsec_plain-from-before', now())");
        var atRest = new io.attest.gateway.infrastructure.adapter.out.persistence.WebhookSecretsAtRest(db, transactions,
                cipher);

        assertThat(atRest.encryptPlainSecrets()).isEqualTo(1);
        String stored = jdbc.queryForObject("SELECT secret FROM webhook_secret WHERE endpoint_id = 'ep-stored-before'",
                String.class);
        assertThat(stored).startsWith("enc:v1:" + cipher.keyId() + ":");
        assertThat(cipher.decrypt(stored)).isEqualTo("whsec_plain-from-before");
        assertThat(atRest.encryptPlainSecrets()).isZero();
        atRest.refuseSecretsOfAnotherKey();

        var otherKey = io.attest.gateway.infrastructure.adapter.out.persistence.SecretCipher.fromFile(
                keys.resolve("another-node"), true);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new io.attest.gateway.infrastructure.adapter.out
                        .persistence.WebhookSecretsAtRest(db, transactions, otherKey).refuseSecretsOfAnotherKey())
                .hasMessageContaining("encrypted with key(s) [" + cipher.keyId() + "]")
                .hasMessageContaining("gateway.webhooks.secret-key-file");
        jdbc.update("DELETE FROM webhook_secret WHERE endpoint_id = 'ep-stored-before'");
    }

    @Test
    void badEndpointsAreRefusedWithAProblemAndManagingNeedsTheScope() {
        Response http = client.post("/v1/webhook-endpoints", acme, "{\"url\": \"not a url\"}");
        assertThat(http.status()).isEqualTo(400);
        assertThat(http.contentType()).startsWith("application/problem+json");
        assertThat(http.json().get("code").asString()).isEqualTo("invalid-webhook-url");
        Response type = client.post("/v1/webhook-endpoints", acme,
                "{\"url\": \"https://hooks.example.com\", \"eventTypes\": [\"message.exploded\"]}");
        assertThat(type.status()).isEqualTo(400);
        assertThat(type.json().get("detail").asString()).contains("message.exploded");
        assertThat(client.post("/v1/webhook-endpoints", acme, "").status()).isEqualTo(400);
        assertThat(client.get("/v1/webhook-deliveries?status=lost", acme).status()).isEqualTo(400);
        assertThat(client.get("/v1/webhook-endpoints/nope", acme).status()).isEqualTo(404);

        String reader = client.token("acme-reader", "acme-reader-secret", null);
        assertThat(client.post("/v1/webhook-endpoints", reader, "{\"url\": \"https://hooks.example.com\"}").status())
                .isEqualTo(403);
        assertThat(client.get("/v1/webhook-endpoints", reader).status()).isEqualTo(403);
    }

    @Test
    void inboundRepliesAreListedAndDeliveredAsMessageReceived() {
        createEndpoint(acme, "/inbound", "message.received");
        String from = "+15557650042";

        assertThat(simulator.sendInbound(from, ACME_SENDER, "See you at 5")).isTrue();

        JsonNode listed = Eventually.await(BOUND, "the reply in GET /v1/messages?direction=inbound", () -> {
            JsonNode messages = client.get("/v1/messages?direction=inbound&limit=500", acme).json().get("messages");
            for (JsonNode message : messages) {
                if (message.get("from").asString().equals(from)) {
                    return Optional.of(message);
                }
            }
            return Optional.empty();
        });
        assertThat(listed.get("text").asString()).isEqualTo("See you at 5");
        assertThat(listed.get("to").asString()).isEqualTo(ACME_SENDER);
        assertThat(listed.get("direction").asString()).isEqualTo("inbound");
        String id = listed.get("id").asString();
        Request webhook = received("/inbound", id, 1).getFirst();
        assertThat(webhook.json().get("type").asString()).isEqualTo("message.received");
        assertThat(webhook.json().get("data").get("text").asString()).isEqualTo("See you at 5");

        assertThat(client.get("/v1/messages?direction=inbound&limit=500", globex).json().get("messages"))
                .noneMatch(m -> m.get("id").asString().equals(id));
        assertThat(client.get("/v1/messages?direction=sideways", acme).status()).isEqualTo(400);
    }

    @Test
    void sentMessagesAreListedWithTheirStatus() {
        consentToAcmeCodes(SUBSCRIBER);
        String id = send(acme, ACME_SENDER, "list me");
        awaitStatus(acme, id, "delivered");

        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = client.get("/v1/messages?after=" + after + "&limit=50", acme).json();
            page.get("messages").forEach(all::add);
            if (page.get("messages").isEmpty()) {
                break;
            }
            after = page.get("next").asLong();
        }
        assertThat(all).anySatisfy(message -> {
            assertThat(message.get("id").asString()).isEqualTo(id);
            assertThat(message.get("status").asString()).isEqualTo("delivered");
            assertThat(message.get("direction").asString()).isEqualTo("outbound");
        });
    }
}
