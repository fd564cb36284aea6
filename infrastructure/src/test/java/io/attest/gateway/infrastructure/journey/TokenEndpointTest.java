package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.GatewayApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The local issuer's token endpoint against guessing, over real HTTP: 3 failed client authentications per client id
 * and 6 per address within the hour here (10 and 50 in 5 minutes by default); secrets kept as hashes; an unknown
 * client id refused after the same secret check as a known one.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "gateway.data-dir=target/test-data/token-endpoint-${random.uuid}",
                "gateway.simulator.port=0",
                "gateway.local-issuer.max-failures-per-client=3",
                "gateway.local-issuer.max-failures-per-address=6",
                "gateway.local-issuer.failure-window=1h"
        })
@ExtendWith(OutputCaptureExtension.class)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
@org.junit.jupiter.api.Tag("security")
class TokenEndpointTest {

    @LocalServerPort
    int port;

    @Autowired
    RegisteredClientRepository clients;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> token(String clientId, String secret) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> tokenByForm(String clientId, String secret) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + clientId
                        + "&client_secret=" + secret)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE) // last: it locks this address for the hour
    void failedAttemptsLockTheClientIdThenTheAddressAndNoSecretIsLogged(CapturedOutput output) throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(token("acme-app", "guess-" + i).statusCode()).isEqualTo(401);
        }

        HttpResponse<String> locked = token("acme-app", "acme-secret");

        assertThat(locked.statusCode()).as("the right secret is not even checked now").isEqualTo(429);
        assertThat(locked.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow())).isBetween(3000L, 3600L);
        assertThat(locked.body()).contains("\"code\":\"too-many-failed-attempts\"").contains("client 'acme-app'");
        assertThat(tokenByForm("acme-app", "acme-secret").statusCode()).as("by form parameters too").isEqualTo(429);
        // another client from the same address still gets its token
        assertThat(token("globex-app", "globex-secret").statusCode()).isEqualTo(200);

        // three more failures from this address (client ids that do not exist, a secret too long to be anyone's) lock
        // the address for everyone
        for (int i = 0; i < 2; i++) {
            assertThat(tokenByForm("nobody-" + i, "guess").statusCode()).isEqualTo(401);
        }
        assertThat(tokenByForm("globex-app", "x".repeat(200)).statusCode()).isEqualTo(401);
        HttpResponse<String> address = token("globex-app", "globex-secret");
        assertThat(address.statusCode()).isEqualTo(429);
        assertThat(address.body()).contains("address 127.0.0.1");

        assertThat(output.getOut() + output.getErr())
                .contains("failed client authentication at /oauth2/token for client 'acme-app' from 127.0.0.1")
                .doesNotContain("guess-0").doesNotContain("acme-secret");
    }

    @Test
    void secretsAreKeptAsHashesAndAnUnknownClientIdIsCheckedLikeAKnownOne() {
        String known = clients.findByClientId("acme-app").getClientSecret();
        String unknown = clients.findByClientId("no-such-client").getClientSecret();

        assertThat(known).doesNotContain("acme-secret").startsWith("{bcrypt}$2a$10$");
        // the stand-in's secret costs the same to check, and has nothing that would let it act
        assertThat(unknown).startsWith("{bcrypt}$2a$10$").isNotEqualTo(known);
        assertThat(clients.findByClientId("no-such-client").getScopes()).isEmpty();
    }

    private HttpResponse<String> introspect(String clientId, String secret, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/oauth2/introspect"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + token)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aClientIntrospectsItsOwnTokensOnlyAndTheyLiveAQuarterOfAnHour() throws Exception {
        HttpResponse<String> issued = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/oauth2/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "acme-reader:acme-reader-secret".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        assertThat(issued.body()).as("15 minutes").containsPattern("\"expires_in\":(899|900)[,}]");
        String token = issued.body().replaceAll("(?s).*\"access_token\":\"([^\"]+)\".*", "$1");

        assertThat(introspect("acme-reader", "acme-reader-secret", token).body()).contains("\"active\":true")
                .contains("\"client_id\":\"acme-reader\"");
        assertThat(introspect("registry-operator", "operator-secret", token).body()).contains("\"active\":true");
        HttpResponse<String> other = introspect("acme-compliance", "acme-compliance-secret", token);
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).isEqualTo("{\"active\":false}");
    }
}
