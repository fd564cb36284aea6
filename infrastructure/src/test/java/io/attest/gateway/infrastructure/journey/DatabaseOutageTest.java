package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.GatewayApplication;
import io.attest.gateway.infrastructure.config.EmbeddedPostgresLauncher;
import io.attest.gateway.infrastructure.support.Eventually;
import io.attest.gateway.infrastructure.support.GatewayClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database goes away under a running gateway and comes back: sends are refused at once with a 503 the client can
 * act on (nothing half recorded), health says so, and everything resumes by itself once the database is back.
 */
class DatabaseOutageTest {

    @TempDir
    Path dataDir;

    @Test
    void withTheDatabaseDownSendsAre503WithRetryAfterAndAllResumesWhenItIsBack() throws Exception {
        int databasePort = io.attest.gateway.infrastructure.support.FreePort.onLoopback();
        EmbeddedPostgres restarted = null;
        try (ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class).run(
                "--gateway.data-dir=" + dataDir, "--gateway.embedded-postgres.port=" + databasePort, "--server.port=0",
                "--gateway.simulator.port=0", "--gateway.simulator.receipt-delay=20ms",
                "--gateway.webhooks.poll-interval=50ms")) {
            int port = ((WebServerApplicationContext) gateway).getWebServer().getPort();
            GatewayClient client = new GatewayClient(port);
            String token = client.token("acme-app", "acme-secret", null);
            assertThat(client.post("/v1/consents/opt-ins", token, """
                    {"brandId": "acme-brand", "subscriber": "+15557654321", "campaignId": "acme-otp", "kind": "EXPRESS",
                     "evidence": {"channel": "API", "disclosureShown": "Login codes by text", "consentGiven": "sign-up"}}
                    """).status()).isEqualTo(201);

            gateway.getBean(EmbeddedPostgres.class).close(); // the database stops under the running gateway

            HttpResponse<String> refused = send(port, token, "while the database is down");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
            assertThat(refused.headers().firstValue("Retry-After")).contains("5");
            assertThat(new GatewayClient.Response(503, null, null, refused.body()).json().get("code").asString())
                    .isEqualTo("service-unavailable");
            HttpResponse<String> health = get(port, token, "/actuator/health");
            assertThat(health.statusCode()).isEqualTo(503);
            assertThat(new GatewayClient.Response(503, null, null, health.body()).json().at("/components/db/status")
                    .asString()).isEqualTo("DOWN");
            // a load balancer stops sending this node requests it can only refuse
            assertThat(get(port, null, "/actuator/health/readiness").statusCode()).isEqualTo(503);

            restarted = EmbeddedPostgresLauncher.start(dataDir.resolve("postgres").toAbsolutePath(), databasePort,
                    Map.of("fsync", "on", "synchronous_commit", "on"), false);

            String id = Eventually.await(Duration.ofSeconds(30), "sends accepted again", () -> {
                HttpResponse<String> accepted = send(port, token, "after the database came back");
                return accepted.statusCode() == 202 ? Optional.of(
                        new GatewayClient.Response(202, null, null, accepted.body()).json().get("id").asString())
                        : Optional.empty();
            });
            Eventually.await(Duration.ofSeconds(90), "the processors resumed and it was delivered",
                    () -> {
                        JsonNode message = client.get("/v1/messages/" + id, token).json();
                        return "delivered".equals(message.path("status").asString()) ? Optional.of(message)
                                : Optional.empty();
                    });
            assertThat(get(port, token, "/actuator/health").statusCode()).isEqualTo(200);
            assertThat(get(port, null, "/actuator/health/readiness").statusCode()).isEqualTo(200);
            // what was refused was not recorded: the account's list (the event feed, resumed too) has the one message
            JsonNode listed = Eventually.await(Duration.ofSeconds(30), "the feed caught up", () -> {
                JsonNode messages = client.get("/v1/messages", token).json().get("messages");
                return messages.isEmpty() ? Optional.empty() : Optional.of(messages);
            });
            assertThat(listed).hasSize(1);
            assertThat(listed.get(0).get("id").asString()).isEqualTo(id);
        } finally {
            if (restarted != null) {
                restarted.close(); // after the gateway: its processors store their positions on the way out
            }
        }
    }

    private static HttpResponse<String> send(int port, String token, String text) {
        return call(port, HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"from": "+15551234567", "to": "+15557654321", "text": "%s"}""".formatted(text))));
    }

    private static HttpResponse<String> get(int port, String token, String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        return call(port, token == null ? request : request.header("Authorization", "Bearer " + token));
    }

    private static HttpResponse<String> call(int port, HttpRequest.Builder request) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
