package io.attest.gateway.infrastructure.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * {@code issuer} in health and readiness: whether the keys that tokens are checked with can be fetched. With an
 * external issuer, its metadata (or its {@code jwk-set-uri}) is asked, within 2 seconds; the local issuer's keys are in
 * memory, always up. While the issuer is down, requests whose tokens need a key the gateway has not fetched yet are
 * answered 503, so the node is not ready.
 */
@Component("issuer")
class IssuerHealthIndicator implements HealthIndicator {

    private final String issuer;
    private final String jwkSetUri;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    IssuerHealthIndicator(@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuer,
                          @Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}") String jwkSetUri) {
        this.issuer = issuer;
        this.jwkSetUri = jwkSetUri;
    }

    @Override
    public Health health() {
        if (issuer.isBlank() && jwkSetUri.isBlank()) {
            return Health.up().withDetail("issuer", "local (keys in memory)").build();
        }
        String url = !jwkSetUri.isBlank() ? jwkSetUri
                : issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
        try {
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            Health.Builder health = response.statusCode() == 200 ? Health.up() : Health.down()
                    .withDetail("error", "HTTP " + response.statusCode());
            return health.withDetail("issuer", issuer.isBlank() ? jwkSetUri : issuer).build();
        } catch (java.io.IOException e) {
            return Health.down().withDetail("issuer", issuer.isBlank() ? jwkSetUri : issuer)
                    .withDetail("error", e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()))
                    .build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.unknown().build();
        }
    }
}
