package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** A client's mistake is a 4xx problem+json with a stable code, never a 500, and nothing is sent. */
@org.junit.jupiter.api.Tag("security")
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

        Response lone = client.post("/v1/messages", token, """
                {"from": "%s", "to": "+15557654321", "text": "half \\ud83d of a smile"}""".formatted(ACME_SENDER));
        assertThat(lone.status()).as(lone.body()).isEqualTo(400);
        assertThat(lone.json().get("detail").asString()).contains("member 'text'").contains("unpaired surrogate U+D83D");
        Response pair = client.post("/v1/messages/dry-run", token, """
                {"from": "%s", "to": "+15557654321", "text": "a whole \\ud83d\\ude00"}""".formatted(ACME_SENDER));
        assertThat(pair.status()).as(pair.body()).isEqualTo(200);
        assertThat(pair.json().get("encoding").asString()).isEqualTo("UCS-2");
    }

    @org.junit.jupiter.api.Test
    void aMemberNamedTwiceIs400() {
        Response twice = client.post("/v1/messages", acmeToken(), """
                {"from": "%s", "to": "+15557654321", "text": "hello", "to": "+15557654322"}""".formatted(ACME_SENDER));
        assertThat(twice.status()).as(twice.body()).isEqualTo(400);
        assertThat(twice.contentType()).startsWith("application/problem+json");
        assertThat(twice.json().get("detail").asString()).contains("named twice").contains("\"to\"");
    }

    /** One raw HTTP/1.1 exchange, for what an HTTP client library would not send as it is. */
    private String raw(String requestLineAndHeaders) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write((requestLineAndHeaders + "Host: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void requestsRefusedBeforeTheApiAreProblemsToo() throws Exception {
        Response error = client.get("/error", null);
        assertThat(error.status()).isEqualTo(404);
        assertThat(error.contentType()).startsWith("application/problem+json");
        assertThat(error.json().get("code").asString()).isEqualTo("not-found");

        String bearer = "Authorization: Bearer " + acmeToken() + "\r\n";
        java.util.Map<String, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put("semicolon", raw("GET /v1/messages;x=1 HTTP/1.1\r\n" + bearer));
        refusals.put("dot-dot", raw("GET /v1/../v1/messages HTTP/1.1\r\n" + bearer));
        refusals.put("encoded slash", raw("GET /v1/messages/a%2Fb HTTP/1.1\r\n" + bearer));
        refusals.put("header too large", raw("GET /v1/messages HTTP/1.1\r\n" + bearer + "X-Padding: "
                + "x".repeat(20_000) + "\r\n"));
        refusals.put("TRACE", raw("TRACE /v1/messages HTTP/1.1\r\n" + bearer));
        refusals.put("malformed request line", raw("GET /v1/mes sages HTTP/1.1\r\n"));
        refusals.forEach((what, answer) -> {
            String head = answer.substring(0, Math.max(0, answer.indexOf("\r\n\r\n"))).toLowerCase(java.util.Locale.ROOT);
            assertThat(answer).as(what).matches("(?s)HTTP/1\\.1 4\\d\\d .*");
            assertThat(head).as(what + ": " + answer).contains("content-type: application/problem+json");
            assertThat(answer).as(what).contains("\"code\":\"").doesNotContain("<html").doesNotContain("timestamp");
        });
    }
}
