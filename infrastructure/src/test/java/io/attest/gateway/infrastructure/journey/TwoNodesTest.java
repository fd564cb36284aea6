package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.GatewayApplication;
import io.attest.gateway.infrastructure.support.GatewayClient;
import io.attest.gateway.infrastructure.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two gateway nodes on one PostgreSQL, as a deployment with two instances runs: node A on its embedded database,
 * node B pointed at A's. A compliance rule that counts earlier sends must give the same answer however the sends are
 * spread over the nodes.
 */
class TwoNodesTest {

    /** 9:00 in Oklahoma City: inside the hours marketing may be sent. */
    static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-11-25T15:00:00Z"));

    @org.springframework.context.annotation.Configuration(proxyBeanMethods = false)
    static class SharedClock {
        @org.springframework.context.annotation.Bean
        @org.springframework.context.annotation.Primary
        MutableClock testClock() {
            return CLOCK;
        }
    }

    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext node(String name, String... extra) {
        List<String> args = new ArrayList<>(List.of("--gateway.data-dir=" + dataDir.resolve(name), "--server.port=0",
                "--gateway.simulator.port=0", "--gateway.simulator.receipt-delay=20ms",
                "--gateway.dispatch.message-cache=false", // as several nodes must run (docs/configuration.md)
                "--gateway.costs.limit-cache=0s", // a spend limit set through one node holds on the other at once
                "--spring.profiles.active=local")); // the demo, on purpose, also where a node uses another's database
        args.addAll(List.of(extra));
        return new SpringApplicationBuilder(GatewayApplication.class, SharedClock.class).run(args.toArray(String[]::new));
    }

    /** The password of a node's embedded database, as another node on that database is given it. */
    private String passwordOf(String node) {
        try {
            return "--spring.datasource.password=" + java.nio.file.Files.readString(
                    dataDir.resolve(node).resolve("postgres-password")).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The key that encrypts a node's secrets at rest, which another node on its database must share. */
    private String secretsKeyOf(String node) {
        return "--gateway.webhooks.secret-key-file=" + dataDir.resolve(node).resolve("webhook-secret-key");
    }

    private static GatewayClient clientOf(ConfigurableApplicationContext node) {
        return new GatewayClient(((WebServerApplicationContext) node).getWebServer().getPort());
    }

    @Test
    void anOklahomaFrequencyCapOfThreeHoldsWhenSendsAtOnceAreSpreadOverTwoNodes() throws Exception {
        int databasePort = freePort();
        try (ConfigurableApplicationContext a = node("a", "--gateway.embedded-postgres.port=" + databasePort);
             ConfigurableApplicationContext b = node("b",
                     "--spring.datasource.url=jdbc:postgresql://localhost:" + databasePort + "/postgres",
                     "--spring.datasource.username=postgres", passwordOf("a"), secretsKeyOf("a"),
                     "--gateway.local-issuer.key-file=" + dataDir.resolve("a").resolve("local-issuer-key.pem"))) {
            GatewayClient clientA = clientOf(a);
            GatewayClient clientB = clientOf(b);
            // given the first node's issuer key, either node's token is good at both
            String tokenA = clientA.token("acme-app", "acme-secret", null);
            String tokenB = clientB.token("acme-app", "acme-secret", null);
            assertThat(clientB.get("/v1/events?limit=1", tokenA).status()).isEqualTo(200);
            assertThat(clientA.get("/v1/events?limit=1", tokenB).status()).isEqualTo(200);
            // four subscribers, six sends each, all 24 at once: a race between the nodes has many chances to show
            List<String> oklahomans = List.of("+14055550121", "+14055550122", "+14055550123", "+14055550124");
            for (String oklahoma : oklahomans) {
                GatewayClient.Response consent = clientA.post("/v1/consents/opt-ins", tokenA, """
                        {"brandId": "acme-brand", "subscriber": "%s", "campaignId": "acme-promos",
                         "kind": "EXPRESS_WRITTEN", "sendConfirmation": false,
                         "evidence": {"channel": "WEB_FORM", "ipAddress": "127.0.0.1", "userAgent": "Mozilla/5.0",
                           "disclosureShown": "I agree to receive recurring automated marketing texts from Acme. Consent is not a condition of purchase. Msg & data rates may apply. Reply STOP to cancel.",
                           "consentGiven": "[x] Text me offers"}}""".formatted(oklahoma));
                assertThat(consent.status()).as(consent.body()).isEqualTo(201);
            }

            CountDownLatch together = new CountDownLatch(1);
            java.util.Map<String, List<Future<GatewayClient.Response>>> sends = new java.util.LinkedHashMap<>();
            try (ExecutorService senders = Executors.newFixedThreadPool(24)) {
                for (String oklahoma : oklahomans) {
                    for (int i = 0; i < 6; i++) {
                        GatewayClient client = i % 2 == 0 ? clientA : clientB; // three through each node
                        String token = i % 2 == 0 ? tokenA : tokenB;
                        String text = "Acme offer " + i + ". Reply STOP to opt out.";
                        sends.computeIfAbsent(oklahoma, key -> new ArrayList<>()).add(senders.submit(() -> {
                            together.await(30, TimeUnit.SECONDS);
                            return client.sendMessage(token, "+15551234568", oklahoma, text);
                        }));
                    }
                }
                together.countDown();
            }
            for (var subscriber : sends.entrySet()) {
                int accepted = 0;
                int capped = 0;
                for (Future<GatewayClient.Response> send : subscriber.getValue()) {
                    GatewayClient.Response response = send.get();
                    if (response.status() == 202) {
                        accepted++;
                    } else {
                        assertThat(response.status()).as(response.body()).isEqualTo(422);
                        assertThat(response.json().get("rule").asString()).isEqualTo("frequency.state-cap");
                        capped++;
                    }
                }
                assertThat(accepted).as("Oklahoma allows %s 3 marketing messages in 24 hours", subscriber.getKey())
                        .isEqualTo(3);
                assertThat(capped).isEqualTo(3);
            }

            // the spend of an account without a limit is written every second; written now, as each node's writer would
            for (ConfigurableApplicationContext node : List.of(a, b)) {
                node.getBean(io.attest.gateway.application.cost.SpendGuard.class).writeUnwritten();
            }
            aSpendLimitHoldsWhenSendsAtOnceAreSpreadOverTwoNodes(clientA, clientB, tokenA, tokenB);
        }
    }

    /** 16 sends at once, half through each node, against a daily limit that leaves room for 10: exactly 10 go. */
    private static void aSpendLimitHoldsWhenSendsAtOnceAreSpreadOverTwoNodes(GatewayClient clientA, GatewayClient clientB,
                                                                           String tokenA, String tokenB) throws Exception {
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String recipient = "+1555765%04d".formatted(5000 + i);
            recipients.add(recipient);
            assertThat(clientA.post("/v1/consents/opt-ins", tokenA, """
                    {"brandId": "acme-brand", "subscriber": "%s", "campaignId": "acme-otp", "kind": "EXPRESS",
                     "evidence": {"channel": "API", "disclosureShown": "Login codes by text", "consentGiven": "sign-up"}}
                    """.formatted(recipient)).status()).isEqualTo(201);
        }
        java.math.BigDecimal each = new java.math.BigDecimal(clientA.post("/v1/messages/dry-run", tokenA, """
                {"from": "+15551234567", "to": "%s", "text": "Your code is 7"}""".formatted(recipients.getFirst()))
                .json().get("estimatedCost").get("amount").asString());
        java.math.BigDecimal spent = new java.math.BigDecimal(clientB.get("/v1/spend", tokenB).json()
                .get("spentToday").asString());
        java.math.BigDecimal limit = spent.add(each.multiply(java.math.BigDecimal.TEN))
                .add(each.divide(java.math.BigDecimal.TWO));
        String operator = clientA.token("registry-operator", "operator-secret", null);
        assertThat(clientA.put("/v1/accounts/acme/spend-limit", operator, "{\"daily\": \"" + limit.toPlainString()
                + "\"}").status()).isEqualTo(200);

        CountDownLatch together = new CountDownLatch(1);
        List<Future<GatewayClient.Response>> sends = new ArrayList<>();
        try (ExecutorService senders = Executors.newFixedThreadPool(16)) {
            for (int i = 0; i < recipients.size(); i++) {
                GatewayClient client = i % 2 == 0 ? clientA : clientB;
                String token = i % 2 == 0 ? tokenA : tokenB;
                String recipient = recipients.get(i);
                sends.add(senders.submit(() -> {
                    together.await(30, TimeUnit.SECONDS);
                    return client.sendMessage(token, "+15551234567", recipient, "Your code is 7");
                }));
            }
            together.countDown();
        }
        int accepted = 0;
        for (Future<GatewayClient.Response> send : sends) {
            GatewayClient.Response response = send.get();
            if (response.status() == 202) {
                accepted++;
            } else {
                assertThat(response.status()).as(response.body()).isEqualTo(422);
                assertThat(response.json().get("code").asString()).isEqualTo("spend-limit-reached");
            }
        }
        assertThat(accepted).isEqualTo(10);
        assertThat(new java.math.BigDecimal(clientB.get("/v1/spend", tokenB).json().get("spentToday").asString()))
                .isEqualByComparingTo(spent.add(each.multiply(java.math.BigDecimal.TEN)));
    }

    private static java.util.Set<Integer> dispatchSegmentsOf(ConfigurableApplicationContext node) {
        return node.getBean(org.axonframework.config.EventProcessingConfiguration.class)
                .eventProcessor("message-dispatch", org.axonframework.eventhandling.StreamingEventProcessor.class)
                .orElseThrow().processingStatus().keySet();
    }

    private static int freePort() {
        return io.attest.gateway.infrastructure.support.FreePort.onLoopback();
    }

    @Test
    void theNodesShareTheDispatchSegmentsBothSubmitAndTheSurvivorTakesOverAStoppedNodesShare() throws Exception {
        int databasePort = freePort();
        try (ConfigurableApplicationContext a = node("a", "--gateway.embedded-postgres.port=" + databasePort,
                "--gateway.cluster.balance-interval=1s")) {
            java.time.Duration bound = java.time.Duration.ofSeconds(60);
            io.attest.gateway.infrastructure.support.Eventually.awaitTrue(bound, "node a claimed all 8 segments",
                    () -> dispatchSegmentsOf(a).size() == 8);
            GatewayClient clientA = clientOf(a);
            String token = clientA.token("acme-app", "acme-secret", null);
            List<String> recipients = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String recipient = "+1555765%04d".formatted(4000 + i);
                recipients.add(recipient);
                assertThat(clientA.post("/v1/consents/opt-ins", token, """
                        {"brandId": "acme-brand", "subscriber": "%s", "campaignId": "acme-otp", "kind": "EXPRESS",
                         "evidence": {"channel": "API", "disclosureShown": "Login codes by text", "consentGiven": "sign-up"}}
                        """.formatted(recipient)).status()).isEqualTo(201);
            }

            try (ConfigurableApplicationContext b = node("b",
                    "--spring.datasource.url=jdbc:postgresql://localhost:" + databasePort + "/postgres",
                    "--spring.datasource.username=postgres", passwordOf("a"), secretsKeyOf("a"), "--gateway.cluster.balance-interval=1s")) {
                io.attest.gateway.infrastructure.support.Eventually.awaitTrue(bound, "the nodes hold 4 segments each",
                        () -> dispatchSegmentsOf(a).size() == 4 && dispatchSegmentsOf(b).size() == 4);
                assertThat(dispatchSegmentsOf(a)).doesNotContainAnyElementsOf(dispatchSegmentsOf(b));

                List<String> ids = new ArrayList<>();
                for (String recipient : recipients) {
                    ids.add(clientA.sendMessage(token, "+15551234567", recipient, "shared work").json().get("id")
                            .asString());
                }
                for (String id : ids) {
                    io.attest.gateway.infrastructure.support.Eventually.awaitTrue(bound, id + " delivered",
                            () -> "delivered".equals(clientA.get("/v1/messages/" + id, token).json().path("status")
                                    .asString()));
                }
                // each node submits through its own carrier connection (here each its own simulator): both did
                var simulatorA = a.getBean(io.attest.gateway.infrastructure.support.SimulatorProbe.class);
                var simulatorB = b.getBean(io.attest.gateway.infrastructure.support.SimulatorProbe.class);
                assertThat(simulatorA.received()).isNotEmpty();
                assertThat(simulatorB.received()).isNotEmpty();
                assertThat(simulatorA.received().size() + simulatorB.received().size()).isEqualTo(16);
            }

            io.attest.gateway.infrastructure.support.Eventually.awaitTrue(bound, "node a took back node b's segments",
                    () -> dispatchSegmentsOf(a).size() == 8);
            String last = clientA.sendMessage(token, "+15551234567", recipients.getFirst(), "after b stopped").json()
                    .get("id").asString();
            io.attest.gateway.infrastructure.support.Eventually.awaitTrue(bound, "delivered by node a alone",
                    () -> "delivered".equals(clientA.get("/v1/messages/" + last, token).json().path("status")
                            .asString()));
        }
    }

    @Test
    void everyNodeSignsTheAuditTrailWithTheDeploymentsKeyAndANodeWithAnotherKeyIsToldWhatToShare() throws Exception {
        int databasePort = freePort();
        try (ConfigurableApplicationContext a = node("a", "--gateway.embedded-postgres.port=" + databasePort)) {
            GatewayClient clientA = clientOf(a);
            String token = clientA.token("acme-app", "acme-secret", null);
            assertThat(clientA.post("/v1/consents/opt-ins", token, """
                    {"brandId": "acme-brand", "subscriber": "+15557654000", "campaignId": "acme-otp", "kind": "EXPRESS",
                     "evidence": {"channel": "API", "disclosureShown": "Login codes by text", "consentGiven": "sign-up"}}
                    """).status()).isEqualTo(201);
            var checkpoints = a.getBean(io.attest.gateway.audit.trail.AuditCheckpoints.class);
            io.attest.gateway.infrastructure.support.Eventually.awaitTrue(java.time.Duration.ofSeconds(30),
                    "a signed checkpoint", () -> checkpoints.checkpointAll(Instant.now()) > 0);
            String databaseUrl = "--spring.datasource.url=jdbc:postgresql://localhost:" + databasePort + "/postgres";

            // a second node on the embedded default makes a key of its own: it is refused, and told what to share
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> node("b-own-key", databaseUrl,
                            "--spring.datasource.username=postgres", passwordOf("a"), secretsKeyOf("a")))
                    .rootCause().hasMessageContaining("signed with key(s) [" + a.getBean(
                            io.attest.gateway.audit.signing.AuditSigner.class).keyId() + "]")
                    .hasMessageContaining("gateway.audit.signing-key-file");

            // likewise a node with a secrets key of its own, once a message text is sealed under the first one's
            Path keyOfA = dataDir.resolve("a").resolve("audit-signing-key.pem");
            assertThat(clientA.sendMessage(token, "+15551234567", "+15557654000", "code 1234").status()).isEqualTo(202);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> node("b-own-secrets", databaseUrl,
                            "--spring.datasource.username=postgres", passwordOf("a"),
                            "--gateway.audit.signing-key-file=" + keyOfA))
                    .rootCause().hasMessageContaining("keys of the message texts")
                    .hasMessageContaining("gateway.webhooks.secret-key-file");

            // with the first node's keys it starts, and both verify the same chain
            try (ConfigurableApplicationContext b = node("b", databaseUrl, "--spring.datasource.username=postgres", passwordOf("a"), secretsKeyOf("a"),
                    "--gateway.audit.signing-key-file=" + keyOfA)) {
                GatewayClient clientB = clientOf(b);
                String officerB = clientB.token("acme-compliance", "acme-compliance-secret", null);
                b.getBean(io.attest.gateway.audit.trail.AuditCheckpoints.class).checkpointAll(Instant.now().plusSeconds(1));
                String officerA = clientA.token("acme-compliance", "acme-compliance-secret", null);
                assertThat(clientA.get("/v1/audit/verification", officerA).json().get("valid").asBoolean()).isTrue();
                assertThat(clientB.get("/v1/audit/verification", officerB).json().get("valid").asBoolean()).isTrue();

                // an export written by one node is handed out by the other, byte for byte
                GatewayClient.Response requested = clientB.post("/v1/audit/exports", officerB, "{}");
                assertThat(requested.status()).as(requested.body()).isEqualTo(202);
                var done = io.attest.gateway.infrastructure.support.Eventually.await(java.time.Duration.ofSeconds(30),
                        "the export done", () -> {
                            var job = clientA.get(requested.location(), officerA).json();
                            return "done".equals(job.path("status").asString()) ? java.util.Optional.of(job)
                                    : java.util.Optional.empty();
                        });
                for (ConfigurableApplicationContext node : List.of(a, b)) {
                    var bundle = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                                    java.net.URI.create("http://127.0.0.1:" + ((WebServerApplicationContext) node)
                                            .getWebServer().getPort() + requested.location() + "/bundle"))
                                    .header("Authorization", "Bearer " + (node == a ? officerA : officerB)).GET().build(),
                            java.net.http.HttpResponse.BodyHandlers.ofByteArray());
                    assertThat(bundle.statusCode()).isEqualTo(200);
                    assertThat(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest(bundle.body()))).isEqualTo(done.get("bundleSha256").asString());
                }
            }

            // a rotation: a new key, the earlier one's public half listed for verification
            Path earlier = dataDir.resolve("earlier-key.pem");
            java.nio.file.Files.writeString(earlier,
                    a.getBean(io.attest.gateway.audit.signing.AuditSigner.class).publicKeyPem());
            try (ConfigurableApplicationContext c = node("c", databaseUrl, "--spring.datasource.username=postgres", passwordOf("a"), secretsKeyOf("a"),
                    "--gateway.audit.verification-keys=" + earlier)) {
                GatewayClient clientC = clientOf(c);
                String officerC = clientC.token("acme-compliance", "acme-compliance-secret", null);
                var verification = clientC.get("/v1/audit/verification", officerC).json();
                assertThat(verification.get("valid").asBoolean()).as(verification.toString()).isTrue();
                assertThat(verification.get("checkpointsChecked").asLong()).isGreaterThanOrEqualTo(1);
            }
        }
    }

    @Test
    void aNodeGivenAnotherDatabaseButNoProfileRefusesToStartInDemoMode() throws Exception {
        int databasePort = freePort();
        try (ConfigurableApplicationContext a = node("a", "--gateway.embedded-postgres.port=" + databasePort)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SpringApplicationBuilder(GatewayApplication.class)
                            .run("--gateway.data-dir=" + dataDir.resolve("no-profile"), "--server.port=0",
                                    "--gateway.simulator.port=0",
                                    "--spring.datasource.url=jdbc:postgresql://localhost:" + databasePort + "/postgres",
                                    "--spring.datasource.username=postgres", passwordOf("a"), secretsKeyOf("a")))
                    .rootCause().hasMessageContaining("No Spring profile is set")
                    .hasMessageContaining("spring.datasource.url").hasMessageContaining("SPRING_PROFILES_ACTIVE=production");
        }
    }
}
