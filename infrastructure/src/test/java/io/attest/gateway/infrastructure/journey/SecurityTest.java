package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tokens, scopes and tenant isolation, with real JWTs from the local issuer. */
@org.junit.jupiter.api.Tag("security")
class SecurityTest extends GatewayTestBase {

    private String sendAsAcme() {
        consentToAcmeCodes("+15557654321");
        Response accepted = client.sendMessage(acmeToken(), ACME_SENDER, "+15557654321", "for acme only");
        assertThat(accepted.status()).isEqualTo(202);
        return accepted.json().get("id").asString();
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.security.config.observation.SecurityObservationSettings securityObservations;

    @Test
    void theSecurityFiltersOfARequestAreNotEachObserved() {
        // an observation per filter, authentication and authorization was a cost on every request (docs/performance.md)
        assertThat(securityObservations.shouldObserveRequests()).isFalse();
        assertThat(securityObservations.shouldObserveAuthentications()).isFalse();
        assertThat(securityObservations.shouldObserveAuthorizations()).isFalse();
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

    @org.springframework.beans.factory.annotation.Autowired
    com.nimbusds.jose.jwk.source.JWKSource<com.nimbusds.jose.proc.SecurityContext> localKeys;

    private static String claimsOf(String jwt) {
        return new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void theIssuerIsFixedByConfigurationWhateverTheHostHeaderSays() throws Exception {
        String form = "grant_type=client_credentials";
        String request = "POST /oauth2/token HTTP/1.1\r\nHost: evil.example:9999\r\nConnection: close\r\n"
                + "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString(
                "acme-app:acme-secret".getBytes(java.nio.charset.StandardCharsets.UTF_8)) + "\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length() + "\r\n\r\n"
                + form;
        String answer;
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            answer = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(answer);
        assertThat(token.find()).as(answer).isTrue();

        assertThat(claimsOf(token.group(1))).contains("\"iss\":\"http://localhost:8080\"").doesNotContain("evil");
        assertThat(client.get("/v1/messages/anything", token.group(1)).status()).isEqualTo(404); // accepted, not found
    }

    @Test
    void aTokenSignedWithTheRightKeyButNamingAnotherIssuerIs401() throws Exception {
        var key = localKeys.get(new com.nimbusds.jose.jwk.JWKSelector(new com.nimbusds.jose.jwk.JWKMatcher.Builder()
                .build()), null).getFirst().toRSAKey();
        java.time.Instant now = java.time.Instant.now();
        var claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer("http://evil.example:9999").subject("acme-app")
                .claim("account", "acme").claim("scope", "messages:read")
                .issueTime(java.util.Date.from(now)).expirationTime(java.util.Date.from(now.plusSeconds(300))).build();
        var jwt = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
                .keyID(key.getKeyID()).build(), claims);
        jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));

        assertThat(client.get("/v1/messages/anything", jwt.serialize()).status()).isEqualTo(401);
    }

    @Test
    void aTokenPastItsExpiryBeyondTheClockSkewIs401() throws Exception {
        var key = localKeys.get(new com.nimbusds.jose.jwk.JWKSelector(new com.nimbusds.jose.jwk.JWKMatcher.Builder()
                .build()), null).getFirst().toRSAKey();
        java.time.Instant now = java.time.Instant.now();
        var claims = new com.nimbusds.jwt.JWTClaimsSet.Builder().issuer("http://localhost:8080").subject("acme-app")
                .claim("account", "acme").claim("scope", "messages:read")
                .issueTime(java.util.Date.from(now.minusSeconds(600)))
                .expirationTime(java.util.Date.from(now.minusSeconds(30))).build(); // expired 30 s ago; skew is 5 s
        var jwt = new com.nimbusds.jwt.SignedJWT(new com.nimbusds.jose.JWSHeader.Builder(com.nimbusds.jose.JWSAlgorithm.RS256)
                .keyID(key.getKeyID()).build(), claims);
        jwt.sign(new com.nimbusds.jose.crypto.RSASSASigner(key));

        assertThat(client.get("/v1/messages/anything", jwt.serialize()).status()).isEqualTo(401);
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.boot.web.server.context.WebServerApplicationContext webContext;

    @Test
    void theLocalGatewayWithItsDemoClientsListensOnLoopbackOnly() {
        var tomcat = (org.springframework.boot.tomcat.TomcatWebServer) webContext.getWebServer();
        Object address = tomcat.getTomcat().getConnector().getProperty("address");

        assertThat(address).isInstanceOf(java.net.InetAddress.class);
        assertThat(((java.net.InetAddress) address).isLoopbackAddress()).isTrue();
    }
}
