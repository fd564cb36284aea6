package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** A client's mistake is a 4xx problem+json with a stable code, never a 500, and nothing is sent. */
class RequestValidationTest extends GatewayTestBase {

    private void assertProblem(Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("code").asString()).isEqualTo(code);
        assertThat(problem.get("type").asString()).isEqualTo("urn:attest:problem:" + code);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
        assertThat(problem.get("detail").asString()).isNotBlank();
    }

    @Test
    void aRecipientThatIsNotE164IsRefused() {
        assertProblem(client.sendMessage(acmeToken(), ACME_SENDER, "555-765-4321", "hi"), 400, "invalid-phone-number");
    }

    @Test
    void anEmptyTextIsRefused() {
        assertProblem(client.sendMessage(acmeToken(), ACME_SENDER, "+15557654321", "  "), 400, "empty-text");
    }

    @Test
    void aTextOverTenSegmentsIsRefused() {
        assertProblem(client.sendMessage(acmeToken(), ACME_SENDER, "+15557654321", "a".repeat(1531)), 422, "text-too-long");
    }

    @Test
    void aSenderNumberOfAnotherAccountIsRefused() {
        assertProblem(client.sendMessage(acmeToken(), GLOBEX_SENDER, "+15557654321", "hi"), 422, "unknown-sender");
    }

    @Test
    void aValidityThatIsNoDurationOrOutOfRangeIsRefused() {
        for (String validFor : new String[] {"10 minutes", "PT0S", "-PT5M", "P8D"}) {
            assertProblem(client.post("/v1/messages", acmeToken(), """
                    {"from": "%s", "to": "+15557654321", "text": "hi", "validFor": "%s"}""".formatted(ACME_SENDER, validFor)),
                    400, "invalid-validity");
        }
    }

    @Test
    void malformedJsonIsRefused() {
        assertProblem(client.post("/v1/messages", acmeToken(), "{\"from\": "), 400, "invalid-request");
    }

    @Test
    void aMissingBodyIsRefused() {
        assertProblem(client.post("/v1/messages", acmeToken(), ""), 400, "invalid-request");
    }

    @Test
    void missingFieldsAreRefused() {
        assertProblem(client.post("/v1/messages", acmeToken(), "{\"text\": \"hi\"}"), 400, "invalid-phone-number");
    }

    @Test
    void anUnknownMessageIsNotFound() {
        assertProblem(client.get("/v1/messages/no-such-message", acmeToken()), 404, "message-not-found");
    }

    @Test
    void anUnknownPathIsNotFound() {
        assertProblem(client.get("/v1/nothing-here", acmeToken()), 404, "not-found");
    }

    @org.junit.jupiter.api.Test
    void aDryRunRefusesWhatASendRefuses() {
        String token = acmeToken();
        for (String extra : new String[] {"\"webhookUrl\": \"file:///etc/passwd\"",
                "\"webhookUrl\": \"https://hooks.example.com:65536/x\"", "\"validFor\": \"P8D\""}) {
            String body = """
                    {"from": "%s", "to": "+15557654321", "text": "hi", %s}""".formatted(ACME_SENDER, extra);
            io.attest.gateway.infrastructure.support.GatewayClient.Response dryRun =
                    client.post("/v1/messages/dry-run", token, body);
            io.attest.gateway.infrastructure.support.GatewayClient.Response send = client.post("/v1/messages", token, body);

            org.assertj.core.api.Assertions.assertThat(dryRun.status()).as(extra).isEqualTo(400);
            org.assertj.core.api.Assertions.assertThat(send.status()).as(extra).isEqualTo(400);
            org.assertj.core.api.Assertions.assertThat(dryRun.json().get("code").asString())
                    .isEqualTo(send.json().get("code").asString());
        }
    }

    @org.junit.jupiter.api.Test
    void aTextMemberThatIsNotAStringOrCarriesAControlCharacterIs400NamingIt() {
        String token = acmeToken();
        Response coerced = client.post("/v1/messages", token, """
                {"from": "%s", "to": "+15557654321", "text": true}""".formatted(ACME_SENDER));
        assertThat(coerced.status()).isEqualTo(400);
        assertThat(coerced.json().get("detail").asString()).contains("member 'text'").contains("expected a JSON string");

        Response nul = client.post("/v1/webhook-endpoints", token, """
                {"url": "http://127.0.0.1:9/x", "eventTypes": ["message.delivered"], "description": "a\\u0000b"}""");
        assertThat(nul.status()).as(nul.body()).isEqualTo(400);
        assertThat(nul.contentType()).startsWith("application/problem+json");
        assertThat(nul.json().get("detail").asString()).contains("member 'description'").contains("U+0000");

        Response newline = client.post("/v1/messages/dry-run", token, """
                {"from": "%s", "to": "+15557654321", "text": "two\\nlines"}""".formatted(ACME_SENDER));
        assertThat(newline.status()).isEqualTo(200); // tab, line feed and carriage return are text
    }
}
