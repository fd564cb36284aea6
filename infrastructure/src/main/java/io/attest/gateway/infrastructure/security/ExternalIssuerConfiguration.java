package io.attest.gateway.infrastructure.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;

import java.time.Duration;

/**
 * The API's token decoder when an external issuer (Keycloak) is configured: its keys from the issuer's metadata or
 * from {@code jwk-set-uri}, fetched when first needed (so the gateway starts while the issuer is down, and answers 503
 * until it is back), and the checks of {@link TokenValidation}: issuer, times with a small clock skew, the audience
 * when one is configured.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(ExternalIssuerConfiguration.ExternalIssuerWanted.class)
class ExternalIssuerConfiguration {

    @Bean
    JwtDecoder jwtDecoder(@Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String issuer,
                          @Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}") String jwkSetUri,
                          @Value("${gateway.security.clock-skew:5s}") Duration clockSkew,
                          @Value("${gateway.security.audience:}") String audience) {
        var validator = TokenValidation.validator(issuer, clockSkew, audience);
        JwtDecoder lazy = new SupplierJwtDecoder(() -> {
            NimbusJwtDecoder decoder = jwkSetUri.isBlank() ? NimbusJwtDecoder.withIssuerLocation(issuer).build()
                    : NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
            decoder.setJwtValidator(validator);
            return decoder;
        });
        return token -> {
            try {
                return lazy.decode(token);
            } catch (org.springframework.security.oauth2.jwt.JwtDecoderInitializationException unreachable) {
                // the issuer's metadata could not be fetched: the gateway's trouble (503), not the token's (401)
                throw new org.springframework.security.oauth2.jwt.JwtException(
                        "the issuer's metadata cannot be fetched: " + unreachable.getMessage(), unreachable);
            }
        };
    }

    static class ExternalIssuerWanted implements org.springframework.context.annotation.Condition {
        @Override
        public boolean matches(org.springframework.context.annotation.ConditionContext context,
                               org.springframework.core.type.AnnotatedTypeMetadata metadata) {
            var environment = context.getEnvironment();
            return hasText(environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri"))
                    || hasText(environment.getProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri"));
        }

        private static boolean hasText(String value) {
            return value != null && !value.isBlank();
        }
    }
}
