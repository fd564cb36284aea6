package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens, scopes and tenant isolation, with real JWTs from the local issuer. */
class SecurityTest extends GatewayTestBase {

    private String sendAsAcme() {
        consentToAcmeCodes("+15557654321");
        Response accepted = client.sendMessage(acmeToken(), ACME_SENDER, "+15557654321", "for acme only");
        assertThat(accepted.status()).isEqualTo(202);
        return accepted.json().get("id").asString();
    }

    @Test
    void withoutATokenTheApiAnswers401AsProblemJson() {
        Response response = client.sendMessage(null, ACME_SENDER, "+15557654321", "hi");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("code").asString()).isEqualTo("unauthorized");
        assertThat(client.get("/v1/messages/anything", null).status()).isEqualTo(401);
    }

    @Test
    void aForgedTokenIs401() {
        String token = acmeToken();
        String forged = token.substring(0, token.lastIndexOf('.') + 1) + "AAAA" + token.substring(token.lastIndexOf('.') + 5);

        assertThat(client.get("/v1/messages/anything", forged).status()).isEqualTo(401);
        assertThat(client.get("/v1/messages/anything", "not-a-jwt").status()).isEqualTo(401);
    }

    @Test
    void aTokenWithoutTheSendScopeCannotSend() {
        String readOnly = client.token("acme-reader", "acme-reader-secret", "messages:read");

        Response response = client.sendMessage(readOnly, ACME_SENDER, "+15557654321", "hi");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("code").asString()).isEqualTo("forbidden");
    }

    @Test
    void aTokenWithoutTheReadScopeCannotRead() {
        String id = sendAsAcme();
        String sendOnly = client.token("acme-app", "acme-secret", "messages:send");

        assertThat(client.get("/v1/messages/" + id, sendOnly).status()).isEqualTo(403);
    }

    @Test
    void aReadOnlyTokenOfTheSameAccountCanRead() {
        String id = sendAsAcme();
        String readOnly = client.token("acme-reader", "acme-reader-secret", "messages:read");

        assertThat(client.get("/v1/messages/" + id, readOnly).status()).isEqualTo(200);
    }

    @Test
    void anotherAccountsMessageIsNotFound() {
        String id = sendAsAcme();
        String globex = client.token("globex-app", "globex-secret", "messages:send messages:read");

        Response response = client.get("/v1/messages/" + id, globex);

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("code").asString()).isEqualTo("message-not-found");
    }

    @Test
    void aTokenRequestWithoutScopeGetsTheClientsScopes() {
        consentToAcmeCodes("+15557654321");
        String token = client.token("acme-app", "acme-secret", null);

        assertThat(client.sendMessage(token, ACME_SENDER, "+15557654321", "default scopes").status()).isEqualTo(202);
    }

    @Test
    void healthAndTheApiDescriptionAreOpen() {
        Response health = client.get("/actuator/health", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("components").get("smpp").get("status").asString()).isEqualTo("UP");
        assertThat(health.json().get("components").get("db").get("status").asString()).isEqualTo("UP");

        Response openApi = client.get("/v1/openapi.yaml", null);
        assertThat(openApi.status()).isEqualTo(200);
        assertThat(openApi.body()).contains("openapi:").contains("/v1/messages");
    }
}
