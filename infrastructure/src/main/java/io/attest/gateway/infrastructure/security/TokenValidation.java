package io.attest.gateway.infrastructure.security;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The checks every access token passes besides its signature, whichever issuer signed it: the issuer the gateway
 * trusts, its times within {@code gateway.security.clock-skew} (5 s by default, not Spring's 60 s), and, when
 * {@code gateway.security.audience} is set, that audience among its {@code aud}.
 */
final class TokenValidation {

    private TokenValidation() {
    }

    static OAuth2TokenValidator<Jwt> validator(String issuer, Duration clockSkew, String audience) {
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalStateException("gateway.security.clock-skew is 0 to 5 minutes, not " + clockSkew);
        }
        List<OAuth2TokenValidator<Jwt>> checks = new ArrayList<>();
        checks.add(new JwtTimestampValidator(clockSkew));
        if (issuer != null && !issuer.isBlank()) {
            checks.add(new JwtIssuerValidator(issuer));
        }
        if (audience != null && !audience.isBlank()) {
            checks.add(new JwtClaimValidator<Collection<String>>("aud",
                    aud -> aud != null && aud.contains(audience)));
        }
        return new DelegatingOAuth2TokenValidator<>(checks);
    }
}
