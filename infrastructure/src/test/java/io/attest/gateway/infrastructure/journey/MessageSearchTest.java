package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.support.Eventually;
import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /v1/messages as a search over real HTTP: filters, newest first, cursors, CSV, and accounts kept apart. */
class MessageSearchTest extends GatewayTestBase {

    // numbers no other test sends to, so what a search finds is this test's own
    private static final String FIRST = "+15557659101";
    private static final String SECOND = "+15557659102";
    private static final String NO_CONSENT = "+15557659103";

    @Test
    void sentMessagesAreFoundByRecipientAndStatusNewestFirstAndPagedByCursor() {
        String acme = acmeToken();
        consentToAcmeCodes(FIRST);
        consentToAcmeCodes(SECOND);
        List<String> toFirst = new ArrayList<>();
        Instant before = Instant.now();
        for (int i = 0; i < 3; i++) {
            toFirst.add(send(acme, FIRST, "Your code is 10" + i));
        }
        String toSecond = send(acme, SECOND, "Your code is 200");
        Response blocked = client.sendMessage(acme, ACME_SENDER, NO_CONSENT, "Your code is 300");
        assertThat(blocked.status()).isEqualTo(422);
        String blockedId = blocked.json().get("messageId").asString();
        for (String id : toFirst) {
            awaitStatus(acme, id, "delivered");
        }
        awaitStatus(acme, toSecond, "delivered");

        JsonNode first = Eventually.await(BOUND, "the blocked message found", () -> {
            JsonNode page = search(acme, "to=" + q(NO_CONSENT) + "&status=blocked");
            return page.get("messages").isEmpty() ? Optional.empty() : Optional.of(page);
        });
        assertThat(first.get("messages")).singleElement().satisfies(m -> {
            assertThat(m.get("id").asString()).isEqualTo(blockedId);
            assertThat(m.get("status").asString()).isEqualTo("blocked");
            assertThat(m.get("direction").asString()).isEqualTo("outbound");
            assertThat(m.get("campaignId").asString()).isEqualTo("acme-otp");
        });
        assertThat(first.get("nextCursor").isNull()).isTrue();

        JsonNode page1 = search(acme, "to=" + q(FIRST) + "&limit=2");
        assertThat(ids(page1)).containsExactly(toFirst.get(2), toFirst.get(1));
        assertThat(page1.get("messages").get(0).get("status").asString()).isEqualTo("delivered");
        assertThat(page1.get("messages").get(0).get("from").asString()).isEqualTo(ACME_SENDER);
        JsonNode page2 = search(acme, "to=" + q(FIRST) + "&limit=2&cursor=" + q(page1.get("nextCursor").asString()));
        assertThat(ids(page2)).containsExactly(toFirst.get(0));
        assertThat(page2.get("nextCursor").isNull()).isTrue();

        assertThat(ids(search(acme, "status=delivered,blocked&since=" + q(before.toString()) + "&limit=500")))
                .contains(toSecond, blockedId).containsAll(toFirst);
        assertThat(ids(search(acme, "status=blocked&status=failed&to=" + q(SECOND)))).isEmpty();
        assertThat(ids(search(acme, "to=" + q(FIRST) + "&until=" + q(before.toString())))).isEmpty();

        String globex = client.token("globex-app", "globex-secret", null);
        assertThat(ids(search(globex, "to=" + q(FIRST)))).isEmpty();
        assertThat(ids(search(globex, "status=blocked&limit=500"))).doesNotContain(blockedId);
    }

    @Test
    void aSearchDownloadsAsCsvWithEveryMatch() {
        String acme = acmeToken();
        String recipient = "+15557659104";
        consentToAcmeCodes(recipient);
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            sent.add(send(acme, recipient, "Your code is 40" + i));
        }
        Eventually.awaitTrue(BOUND, "all four in the read model",
                () -> ids(search(acme, "to=" + q(recipient))).size() == 4);

        Response csv = client.get("/v1/messages/export?to=" + q(recipient), acme);

        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.contentType()).startsWith("text/csv");
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("id,direction,from,to,status,at,campaignId,segments,intent,text");
        assertThat(lines).hasSize(5);
        assertThat(lines[1]).startsWith(sent.get(3) + ",outbound," + ACME_SENDER + "," + recipient + ",");
        assertThat(lines[4]).startsWith(sent.get(0) + ",");
        assertThat(client.get("/v1/messages/export?to=" + q(recipient), client.token("globex-app", "globex-secret", null))
                .body().split("\r\n")).hasSize(1);
    }

    @Test
    void badSearchesAreProblemsThatNameTheParameter() {
        String acme = acmeToken();
        assertProblem(client.get("/v1/messages?status=sideways", acme), 400, "status");
        assertProblem(client.get("/v1/messages?since=yesterday", acme), 400, "since");
        assertProblem(client.get("/v1/messages?since=2026-12-02T00:00:00Z&until=2026-12-01T00:00:00Z", acme), 400, "until");
        assertProblem(client.get("/v1/messages?to=555", acme), 400, "E.164");
        assertProblem(client.get("/v1/messages?cursor=garbage", acme), 400, "cursor");
        assertProblem(client.get("/v1/messages?limit=501", acme), 400, "limit");
        assertProblem(client.get("/v1/messages?after=0&to=" + q(FIRST), acme), 400, "after");
        assertProblem(client.get("/v1/messages?direction=inbound&status=delivered", acme), 400, "status");
        assertProblem(client.get("/v1/messages/export?status=sideways", acme), 400, "status");
        String sendOnly = client.token("acme-app", "acme-secret", "messages:send");
        assertThat(client.get("/v1/messages?to=" + q(FIRST), sendOnly).status()).isEqualTo(403);
        assertThat(client.get("/v1/messages/export", sendOnly).status()).isEqualTo(403);
    }

    private String send(String token, String to, String text) {
        Response response = client.sendMessage(token, ACME_SENDER, to, text);
        assertThat(response.status()).as(response.body()).isEqualTo(202);
        return response.json().get("id").asString();
    }

    private JsonNode search(String token, String query) {
        Response response = client.get("/v1/messages?" + query, token);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("messages").forEach(m -> ids.add(m.get("id").asString()));
        return ids;
    }

    private static void assertProblem(Response response, int status, String mentioned) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains(mentioned);
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
