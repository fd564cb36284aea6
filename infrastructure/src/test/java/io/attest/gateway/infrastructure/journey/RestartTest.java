package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.GatewayApplication;
import io.attest.gateway.infrastructure.support.Eventually;
import io.attest.gateway.infrastructure.support.GatewayClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Stop the gateway and start it again on the same data directory: messages and timelines are still there. */
class RestartTest {

    @TempDir
    Path dataDir;

    /** One clock for both runs of the gateway, set by the test. */
    static final io.attest.gateway.infrastructure.support.MutableClock CLOCK =
            new io.attest.gateway.infrastructure.support.MutableClock(java.time.Instant.parse("2026-11-25T15:00:00Z"));

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class SharedClock {
        @org.springframework.context.annotation.Bean
        @org.springframework.context.annotation.Primary
        io.attest.gateway.infrastructure.support.MutableClock testClock() {
            return CLOCK;
        }
    }

    private ConfigurableApplicationContext start(String... extra) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(
                "--gateway.compliance.release-interval=100ms",
                "--gateway.data-dir=" + dataDir,
                "--server.port=0",
                "--gateway.simulator.port=0",
                "--gateway.simulator.receipt-delay=20ms",
                "--gateway.webhooks.poll-interval=50ms"));
        args.addAll(java.util.List.of(extra));
        return new SpringApplicationBuilder(GatewayApplication.class, SharedClock.class).run(args.toArray(String[]::new));
    }

    private static GatewayClient clientOf(ConfigurableApplicationContext context) {
        return new GatewayClient(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    @Test
    void aMessageHeldForQuietHoursIsReleasedByTheNextRunOfTheGateway() {
        String id;
        CLOCK.set(java.time.Instant.parse("2026-11-26T01:30:00Z")); // 20:30 in Miami
        try (ConfigurableApplicationContext first = start()) {
            GatewayClient client = clientOf(first);
            String token = client.token("acme-app", "acme-secret", null);
            GatewayClient.Response consent = client.post("/v1/consents/opt-ins", token, """
                    {"brandId": "acme-brand", "subscriber": "+13055550777", "campaignId": "acme-promos",
                     "kind": "EXPRESS_WRITTEN", "sendConfirmation": false,
                     "evidence": {"channel": "API", "consentGiven": "signed",
                       "disclosureShown": "Acme offers by text. Consent is not a condition of purchase."}}""");
            assertThat(consent.status()).isEqualTo(201);
            GatewayClient.Response held = client.sendMessage(token, "+15551234568", "+13055550777",
                    "Acme: morning offer. Reply STOP to opt out.");
            assertThat(held.json().get("status").asString()).isEqualTo("held");
            id = held.json().get("id").asString();
        }

        CLOCK.set(java.time.Instant.parse("2026-11-26T13:00:01Z")); // 8:00 in Miami, the gateway was down
        try (ConfigurableApplicationContext second = start()) {
            GatewayClient client = clientOf(second);
            String token = client.token("acme-app", "acme-secret", null);
            JsonNode delivered = Eventually.await(Duration.ofSeconds(20), "released and delivered", () -> {
                JsonNode message = client.get("/v1/messages/" + id, token).json();
                return "delivered".equals(message.path("status").asString()) ? Optional.of(message) : Optional.empty();
            });
            assertThat(delivered.get("timeline").get(2).get("event").asString()).isEqualTo("MessageReleased");
        } finally {
            CLOCK.set(java.time.Instant.parse("2026-11-25T15:00:00Z"));
        }
    }

    @Test
    void aDeliveredMessageAndItsTimelineSurviveARestart() {
        String id;
        JsonNode before;
        try (ConfigurableApplicationContext first = start()) {
            GatewayClient client = clientOf(first);
            String token = client.token("acme-app", "acme-secret", null);
            GatewayClient.Response consent = client.post("/v1/consents/opt-ins", token, """
                    {"brandId": "acme-brand", "subscriber": "+15557654321", "campaignId": "acme-otp", "kind": "EXPRESS",
                     "evidence": {"channel": "API", "disclosureShown": "Login codes by text", "consentGiven": "sign-up"}}
                    """);
            assertThat(consent.status()).isEqualTo(201);
            id = client.sendMessage(token, "+15551234567", "+15557654321", "Survive a restart").json().get("id").asString();
            before = Eventually.await(Duration.ofSeconds(15), "delivered", () -> {
                JsonNode message = client.get("/v1/messages/" + id, token).json();
                return "delivered".equals(message.path("status").asString()) ? Optional.of(message) : Optional.empty();
            });
        }

        try (ConfigurableApplicationContext second = start()) {
            GatewayClient client = clientOf(second);
            String token = client.token("acme-app", "acme-secret", "messages:read");
            GatewayClient.Response after = client.get("/v1/messages/" + id, token);

            assertThat(after.status()).isEqualTo(200);
            assertThat(after.json()).isEqualTo(before);
            assertThat(after.json().get("timeline")).hasSize(5);
        }
    }

    private static java.net.http.HttpResponse<String> sendWithKey(ConfigurableApplicationContext context, String token,
                                                                  String key, String body) throws Exception {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void idempotencyKeysAndUndeliveredWebhooksOutliveARestart() throws Exception {
        String body = """
                {"from": "+15551234567", "to": "+15557654321", "text": "once, across restarts"}""";
        java.net.http.HttpResponse<String> first;
        String id;
        try (var receiver = new io.attest.gateway.infrastructure.support.WebhookReceiver()) {
            receiver.answer("/hooks", request -> 503); // down while the first run lasts
            try (ConfigurableApplicationContext run = start()) {
                GatewayClient client = clientOf(run);
                String token = client.token("acme-app", "acme-secret", null);
                assertThat(client.post("/v1/consents/opt-ins", token, """
                        {"brandId": "acme-brand", "subscriber": "+15557654321", "campaignId": "acme-otp", "kind": "EXPRESS",
                         "evidence": {"channel": "API", "disclosureShown": "Login codes by text", "consentGiven": "sign-up"}}
                        """).status()).isEqualTo(201);
                assertThat(client.post("/v1/webhook-endpoints", token, """
                        {"url": "%s", "eventTypes": ["message.accepted"]}""".formatted(receiver.url("/hooks")))
                        .status()).isEqualTo(201);
                first = sendWithKey(run, token, "restart-key-1", body);
                assertThat(first.statusCode()).isEqualTo(202);
                id = tools.jackson.databind.json.JsonMapper.builder().build().readTree(first.body()).get("id").asString();
                Eventually.awaitTrue(Duration.ofSeconds(15), "a first, failed attempt",
                        () -> !receiver.requests("/hooks").isEmpty());
            }

            receiver.answer("/hooks", request -> 200);
            CLOCK.set(CLOCK.instant().plus(Duration.ofHours(1))); // past the first retry's delay
            try (ConfigurableApplicationContext run = start()) {
                GatewayClient client = clientOf(run);
                String token = client.token("acme-app", "acme-secret", null);

                java.net.http.HttpResponse<String> retry = sendWithKey(run, token, "restart-key-1", body);
                assertThat(retry.statusCode()).isEqualTo(202);
                assertThat(retry.body()).isEqualTo(first.body());
                assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");

                Eventually.awaitTrue(Duration.ofSeconds(15), "the webhook delivered by the second run", () -> {
                    for (JsonNode delivery : client.get("/v1/webhook-deliveries?limit=500", token).json().get("deliveries")) {
                        if (id.equals(delivery.path("messageId").asString(null))
                                && delivery.get("status").asString().equals("delivered")) {
                            return true;
                        }
                    }
                    return false;
                });
                assertThat(receiver.requests("/hooks")).extracting(r -> r.header("webhook-id")).containsOnly(
                        receiver.requests("/hooks").getFirst().header("webhook-id"));
            } finally {
                CLOCK.set(java.time.Instant.parse("2026-11-25T15:00:00Z"));
            }
        }
    }

    @Test
    void messagesQueuedWhileNoCarrierWasReachableAreSentByTheNextRun() throws Exception {
        int closedPort;
        try (var probe = new java.net.ServerSocket(0)) {
            closedPort = probe.getLocalPort(); // nothing listens there once the probe is closed
        }
        java.util.List<String> ids = new java.util.ArrayList<>();
        String lateId;
        try (ConfigurableApplicationContext run = start("--gateway.simulator.enabled=false",
                "--gateway.smpp.host=127.0.0.1", "--gateway.smpp.port=" + closedPort)) {
            GatewayClient client = clientOf(run);
            String token = client.token("acme-app", "acme-secret", null);
            assertThat(client.post("/v1/consents/opt-ins", token, """
                    {"brandId": "acme-brand", "subscriber": "+15557654322", "campaignId": "acme-otp", "kind": "EXPRESS",
                     "evidence": {"channel": "API", "disclosureShown": "Login codes by text", "consentGiven": "sign-up"}}
                    """).status()).isEqualTo(201);
            for (int i = 0; i < 3; i++) {
                ids.add(client.sendMessage(token, "+15551234567", "+15557654322", "queued " + i).json().get("id").asString());
            }
            GatewayClient.Response shortLived = client.post("/v1/messages", token, """
                    {"from": "+15551234567", "to": "+15557654322", "text": "too late to matter", "validFor": "PT1S"}""");
            assertThat(shortLived.status()).isEqualTo(202);
            lateId = shortLived.json().get("id").asString();
            Thread.sleep(500); // the dispatcher tries, finds no bind, and keeps them
            ids.add(lateId);
            for (String id : ids) {
                assertThat(client.get("/v1/messages/" + id, token).json().get("status").asString()).isEqualTo("accepted");
            }
            CLOCK.set(CLOCK.instant().plusSeconds(2)); // the short-lived one's validity ends while no carrier is reachable
        }

        try (ConfigurableApplicationContext run = start()) { // the carrier is back (the built-in simulator)
            GatewayClient client = clientOf(run);
            String token = client.token("acme-app", "acme-secret", null);
            ids.remove(lateId);
            for (String id : ids) {
                Eventually.awaitTrue(Duration.ofSeconds(20), id + " delivered", () ->
                        "delivered".equals(client.get("/v1/messages/" + id, token).json().path("status").asString()));
            }
            // its validity ended while it waited for a carrier: it ends expired, never sent late
            Eventually.awaitTrue(Duration.ofSeconds(20), lateId + " expired", () ->
                    "expired".equals(client.get("/v1/messages/" + lateId, token).json().path("status").asString()));
            var late = client.get("/v1/messages/" + lateId, token).json().get("timeline");
            assertThat(late.get(late.size() - 1).get("detail").asString()).contains("before it could be submitted");
            var simulator = run.getBean(io.attest.gateway.infrastructure.support.SimulatorProbe.class);
            assertThat(simulator.received()).extracting(io.attest.gateway.infrastructure.simulator.SmscSimulator.ReceivedSubmit::text)
                    .containsExactlyInAnyOrder("queued 0", "queued 1", "queued 2"); // each once
        }
    }
}
