package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.application.limits.port.out.AccountSendCountPort;
import io.attest.gateway.application.limits.port.out.AccountSendCountPort.Outcome;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.infrastructure.GatewayApplication;
import io.attest.gateway.infrastructure.support.GatewayClient;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The abuse limits on the whole gateway over real HTTP and PostgreSQL: acme may send 2 messages to one number an hour
 * (the recipient velocity rule, a compliance decision), globex 5 messages a day (429 with Retry-After); the counts
 * behind the per-second and per-day limits on the database, at fixed moments.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "gateway.data-dir=target/test-data/send-limits-${random.uuid}",
                "gateway.simulator.port=0",
                "gateway.simulator.receipt-delay=20ms",
                "gateway.limits.accounts.acme.recipient-messages=2",
                "gateway.limits.accounts.acme.recipient-window=1h",
                "gateway.limits.accounts.globex.sends-per-day=5"
        })
@org.junit.jupiter.api.Tag("security")
class SendLimitsTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    AccountSendCountPort counts;

    private final HttpClient http = HttpClient.newHttpClient();

    private GatewayClient client() {
        return new GatewayClient(port);
    }

    private void consent(String token, String brand, String campaign, String subscriber) {
        GatewayClient.Response response = client().post("/v1/consents/opt-ins", token, """
                {"brandId": "%s", "subscriber": "%s", "campaignId": "%s", "kind": "EXPRESS",
                 "evidence": {"channel": "API", "disclosureShown": "Codes by text. Reply STOP to cancel.",
                              "consentGiven": "sign-up form"}}""".formatted(brand, subscriber, campaign));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    private HttpResponse<String> send(String token, String from, String to, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/messages"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"from": "%s", "to": "%s", "text": "Your code is 123456"}""".formatted(from, to)));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static <T> List<T> atOnce(List<Callable<T>> calls) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(calls.size())) {
            List<T> results = new ArrayList<>();
            for (Future<T> future : pool.invokeAll(calls)) {
                results.add(future.get());
            }
            return results;
        }
    }

    @Test
    void theThirdMessageToOneNumberWithinTheWindowIsBlockedByTheVelocityRuleAndRecorded() throws Exception {
        GatewayClient client = client();
        String acme = client.token("acme-app", "acme-secret", null);
        String subscriber = "+15557650101";
        consent(acme, "acme-brand", "acme-otp", subscriber);
        consent(acme, "acme-brand", "acme-otp", "+15557650102");

        assertThat(send(acme, "+15551234567", subscriber, null).statusCode()).isEqualTo(202);
        assertThat(send(acme, "+15551234567", subscriber, null).statusCode()).isEqualTo(202);
        HttpResponse<String> third = send(acme, "+15551234567", subscriber, null);

        assertThat(third.statusCode()).as(third.body()).isEqualTo(422);
        JsonNode problem = JSON.readTree(third.body());
        assertThat(problem.get("rule").asString()).isEqualTo("velocity.recipient");
        assertThat(problem.get("detail").asString()).contains("2 messages to " + subscriber + " within PT1H; 2 were sent");
        // recorded as a decision, like every compliance refusal
        JsonNode blocked = client.get("/v1/messages/" + problem.get("messageId").asString(), acme).json();
        assertThat(blocked.get("status").asString()).isEqualTo("blocked");
        assertThat(blocked.toString()).contains("velocity.recipient");
        // another number is not held back (another account's sends to this one are its own: the projector's test)
        assertThat(send(acme, "+15551234567", "+15557650102", null).statusCode()).isEqualTo(202);
    }

    @Test
    void sendsAtOnceToOneNumberPassTheVelocityRuleNoMoreOftenThanItAllows() throws Exception {
        String acme = client().token("acme-app", "acme-secret", null);
        String subscriber = "+15557650111";
        consent(acme, "acme-brand", "acme-otp", subscriber);
        List<Callable<Integer>> sends = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sends.add(() -> send(acme, "+15551234567", subscriber, null).statusCode());
        }

        List<Integer> statuses = atOnce(sends);

        assertThat(statuses).filteredOn(s -> s == 202).hasSize(2);
        assertThat(statuses).filteredOn(s -> s == 422).hasSize(4);
    }

    @Test
    void pastItsDailyLimitAnAccountGets429WithRetryAfterAndTheLimitNamedAndNothingIsRecorded() throws Exception {
        String globex = client().token("globex-app", "globex-secret", null);
        List<Callable<HttpResponse<String>>> sends = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String subscriber = "+1555765020" + i;
            consent(globex, "globex-brand", "globex-otp", subscriber);
            sends.add(() -> send(globex, "+15559876543", subscriber, null));
        }

        List<HttpResponse<String>> responses = atOnce(sends);

        // however they overlap, the day's 5 go and the other 3 are refused
        assertThat(responses).filteredOn(r -> r.statusCode() == 202).hasSize(5);
        List<HttpResponse<String>> refused = responses.stream().filter(r -> r.statusCode() == 429).toList();
        assertThat(refused).hasSize(3);
        HttpResponse<String> first = refused.getFirst();
        assertThat(first.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        long retryAfter = Long.parseLong(first.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 86_401L);
        JsonNode problem = JSON.readTree(first.body());
        assertThat(problem.get("code").asString()).isEqualTo("send-limit-reached");
        assertThat(problem.get("limit").asString()).isEqualTo("sends-per-day");
        assertThat(problem.get("limitValue").asLong()).isEqualTo(5);
        assertThat(problem.has("messageId")).isFalse();

        // a refused request's idempotency key is free again: the retry is refused for the limit, not as a key in use
        HttpResponse<String> keyed = send(globex, "+15559876543", "+15557650200", "limit-retry-1");
        HttpResponse<String> retried = send(globex, "+15559876543", "+15557650200", "limit-retry-1");
        assertThat(keyed.statusCode()).isEqualTo(429);
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(429);
        assertThat(retried.headers().firstValue("Idempotent-Replayed")).isEmpty();
    }

    @Test
    void aSecondsCountsAreSharedAndARefusedSendCountsNowhere() {
        AccountId account = AccountId.of("count-" + System.nanoTime());
        Instant second = Instant.parse("2020-01-01T10:15:30.100Z"); // long before any send of the other tests

        assertThat(counts.count(account, second, 2, 0)).isEqualTo(Outcome.COUNTED);
        assertThat(counts.count(account, second.plusMillis(100), 2, 0)).isEqualTo(Outcome.COUNTED);
        assertThat(counts.count(account, second.plusMillis(200), 2, 0)).isEqualTo(Outcome.SECOND_FULL);
        // the refused one was not counted: a limit of 3 lets one more through in the same second, then no more
        assertThat(counts.count(account, second.plusMillis(300), 3, 0)).isEqualTo(Outcome.COUNTED);
        assertThat(counts.count(account, second.plusMillis(400), 3, 0)).isEqualTo(Outcome.SECOND_FULL);
        assertThat(counts.count(account, second.plusMillis(500), 2, 0)).isEqualTo(Outcome.SECOND_FULL);
        assertThat(counts.count(account, second.plusSeconds(1), 2, 0)).isEqualTo(Outcome.COUNTED);

        // the day: 4 counted above; a refusal for the day leaves the second's count alone too
        Instant later = second.plusSeconds(60);
        assertThat(counts.count(account, later, 1, 4)).isEqualTo(Outcome.DAY_FULL);
        assertThat(counts.count(account, later, 1, 6)).isEqualTo(Outcome.COUNTED);
        assertThat(counts.count(account, later, 1, 0)).isEqualTo(Outcome.SECOND_FULL);
        assertThat(counts.count(account, later.plus(java.time.Duration.ofDays(1)), 0, 1)).isEqualTo(Outcome.COUNTED);

        // a node's slice: counted whole within the limits, or not at all; a day's unused part given back
        Instant sliced = second.plus(java.time.Duration.ofDays(1)).plusSeconds(5);
        assertThat(counts.count(account, sliced, 8, 10, 0, 0)).isEqualTo(Outcome.COUNTED);
        assertThat(counts.count(account, sliced, 3, 10, 0, 0)).isEqualTo(Outcome.SECOND_FULL);
        assertThat(counts.count(account, sliced, 2, 10, 0, 0)).isEqualTo(Outcome.COUNTED); // the second is full now
        // the day has 1 (counted just above, a day after the first ones)
        assertThat(counts.count(account, sliced, 0, 10, 6, 6)).isEqualTo(Outcome.DAY_FULL); // 1 + 6 > 6
        counts.giveBack(account, sliced, 1);
        assertThat(counts.count(account, sliced, 0, 10, 6, 6)).isEqualTo(Outcome.COUNTED); // 0 + 6
        assertThat(counts.count(account, sliced, 0, 0, 1, 6)).isEqualTo(Outcome.DAY_FULL);

        // a minute on, the seconds are forgotten; two days on, the days
        assertThat(counts.forgetPast(later.plusSeconds(61))).isEqualTo(3);
        // the seconds of the next day (the one of the slices too) and both days
        assertThat(counts.forgetPast(later.plus(java.time.Duration.ofDays(3)).plusSeconds(61))).isEqualTo(4);
    }
}
