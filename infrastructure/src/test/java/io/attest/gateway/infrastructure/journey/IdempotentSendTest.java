package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Idempotency-Key on POST /v1/messages: a retried request never sends twice. */
class IdempotentSendTest extends GatewayTestBase {

    @Autowired
    JdbcTemplate jdbc;

    private HttpResponse<String> post(String token, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String body(String text) {
        return "{\"from\": \"+15551234567\", \"to\": \"+15557654321\", \"text\": \"" + text + "\"}";
    }

    @Autowired
    io.attest.gateway.infrastructure.adapter.out.persistence.MessageTextKeys texts;

    /** Accepted messages with this text, by their stored events (texts are stored sealed). */
    private int messagesWithText(String text) {
        return (int) jdbc.queryForList("SELECT payload::jsonb ->> 'text' FROM domain_event_entry "
                        + "WHERE payload_type LIKE '%.MessageAccepted'", String.class).stream()
                .filter(sealed -> text.equals(texts.unseal(sealed))).count();
    }

    @Test
    void theSameKeyAndBodyReturnsTheFirstResponseAndSendsOnce() throws Exception {
        consentToAcmeCodes("+15557654321");
        String token = acmeToken();
        String key = "order-" + UUID.randomUUID();
        String text = "Code " + UUID.randomUUID();

        HttpResponse<String> first = post(token, key, body(text));
        HttpResponse<String> retry = post(token, key, body(text));

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(retry.statusCode()).isEqualTo(202);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.headers().firstValue("Idempotent-Replayed")).contains("true");
        assertThat(retry.headers().firstValue("Location")).isEqualTo(first.headers().firstValue("Location"));
        assertThat(first.headers().firstValue("Idempotent-Replayed")).isEmpty();
        assertThat(messagesWithText(text)).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() throws Exception {
        consentToAcmeCodes("+15557654321");
        String token = acmeToken();
        String key = "order-" + UUID.randomUUID();
        assertThat(post(token, key, body("first " + key)).statusCode()).isEqualTo(202);

        HttpResponse<String> other = post(token, key, body("second " + key));

        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(other.body()).contains("idempotency-key-reused");
        assertThat(messagesWithText("second " + key)).isZero();
    }

    @Test
    void keysBelongToOneAccount() throws Exception {
        consentToAcmeCodes("+15557654321");
        String key = "shared-" + UUID.randomUUID();
        assertThat(post(acmeToken(), key, body("acme " + key)).statusCode()).isEqualTo(202);
        String globex = client.token("globex-app", "globex-secret", null);

        HttpResponse<String> globexSend = post(globex, key,
                "{\"from\": \"+15559876543\", \"to\": \"+15557654321\", \"text\": \"globex " + key + "\"}");

        // globex's own request runs (and is blocked: the recipient never consented to globex), not acme's replay
        assertThat(globexSend.statusCode()).isEqualTo(422);
        assertThat(globexSend.body()).contains("consent.missing");
    }

    @Test
    void concurrentRequestsWithOneKeyCreateOneMessage() throws Exception {
        consentToAcmeCodes("+15557654321");
        String token = acmeToken();
        String key = "burst-" + UUID.randomUUID();
        String text = "Burst " + key;
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> post(token, key, body(text)));
            }
            Set<String> bodies = new HashSet<>();
            for (Future<HttpResponse<String>> response : pool.invokeAll(calls)) {
                assertThat(response.get().statusCode()).isIn(202, 409);
                if (response.get().statusCode() == 202) {
                    bodies.add(response.get().body());
                }
            }
            assertThat(bodies).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
        assertThat(messagesWithText(text)).isEqualTo(1);
    }

    @Test
    void aBlockedSendIsReplayedAsBlockedWithTheSameMessageId() throws Exception {
        String token = acmeToken();
        String key = "blocked-" + UUID.randomUUID();
        String body = "{\"from\": \"+15551234567\", \"to\": \"+12125550999\", \"text\": \"no consent " + key + "\"}";

        HttpResponse<String> first = post(token, key, body);
        HttpResponse<String> retry = post(token, key, body);

        assertThat(first.statusCode()).isEqualTo(422);
        assertThat(retry.statusCode()).isEqualTo(422);
        assertThat(retry.body()).isEqualTo(first.body()).contains("consent.missing");
        assertThat(messagesWithText("no consent " + key)).isEqualTo(1);
    }

    @Test
    void aMalformedRequestDoesNotUseUpItsKey() throws Exception {
        consentToAcmeCodes("+15557654321");
        String token = acmeToken();
        String key = "fix-" + UUID.randomUUID();
        assertThat(post(token, key, "{\"from\": \"+15551234567\", \"to\": \"5557654321\", \"text\": \"x\"}").statusCode())
                .isEqualTo(400);

        HttpResponse<String> corrected = post(token, key, body("corrected " + key));
        assertThat(corrected.statusCode()).isEqualTo(202);
    }

    @Test
    void aMalformedKeyIsRefused() throws Exception {
        assertThat(post(acmeToken(), "spaces are not allowed", body("x")).statusCode()).isEqualTo(400);
        assertThat(post(acmeToken(), "k".repeat(256), body("x")).statusCode()).isEqualTo(400);
    }

    @Test
    void aKeyIsKeptInTheDatabaseSoItSurvivesARestart() throws Exception {
        consentToAcmeCodes("+15557654321");
        String key = "durable-" + UUID.randomUUID();
        HttpResponse<String> first = post(acmeToken(), key, body("durable " + key));

        Response stored = new Response(200, "", null, jdbc.queryForObject(
                "SELECT response_body FROM idempotency_key WHERE account_id = 'acme' AND idempotency_key = ?",
                String.class, key));
        assertThat(stored.body()).isEqualTo(first.body());
    }
}
