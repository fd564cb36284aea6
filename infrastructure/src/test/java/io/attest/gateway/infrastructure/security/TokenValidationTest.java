package io.attest.gateway.infrastructure.security;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@org.junit.jupiter.api.Tag("security")
class TokenValidationTest {

    private static final String ISSUER = "http://127.0.0.1:8080/realms/attest";

    private static Jwt token(String issuer, List<String> audience, Instant expiresAt) {
        return Jwt.withTokenValue("t").header("alg", "RS256").issuer(issuer).audience(audience)
                .issuedAt(expiresAt.minusSeconds(600)).expiresAt(expiresAt).build();
    }

    @Test
    void theAudienceIsCheckedWhenOneIsConfigured() {
        var withAudience = TokenValidation.validator(ISSUER, Duration.ofSeconds(5), "attest-gateway");
        var without = TokenValidation.validator(ISSUER, Duration.ofSeconds(5), "");
        Instant later = Instant.now().plusSeconds(300);

        assertThat(withAudience.validate(token(ISSUER, List.of("account"), later)).hasErrors()).isTrue();
        assertThat(withAudience.validate(token(ISSUER, List.of("account", "attest-gateway"), later)).hasErrors()).isFalse();
        assertThat(without.validate(token(ISSUER, List.of("account"), later)).hasErrors()).isFalse();
    }

    @Test
    void theIssuerAndTheTimesWithinTheSkewAreChecked() {
        var validator = TokenValidation.validator(ISSUER, Duration.ofSeconds(5), null);

        assertThat(validator.validate(token("http://127.0.0.1:8080/realms/other", List.of(), Instant.now().plusSeconds(60)))
                .hasErrors()).isTrue();
        assertThat(validator.validate(token(ISSUER, List.of(), Instant.now().minusSeconds(2))).hasErrors()).isFalse();
        assertThat(validator.validate(token(ISSUER, List.of(), Instant.now().minusSeconds(30))).hasErrors()).isTrue();
        assertThatThrownBy(() -> TokenValidation.validator(ISSUER, Duration.ofMinutes(10), null))
                .hasMessageContaining("gateway.security.clock-skew");
    }
}
