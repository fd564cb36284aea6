package io.attest.gateway.infrastructure.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationConverter;
import org.springframework.security.web.SecurityFilterChain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The API is an OAuth2 resource server: every call carries a JWT (Keycloak in production, the local issuer
 * on the embedded default). Scopes become {@code SCOPE_x} authorities, Keycloak realm roles {@code ROLE_x}.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {

    public static final String SEND = "SCOPE_messages:send";
    public static final String READ = "SCOPE_messages:read";
    public static final String COMPLIANCE_WRITE = "SCOPE_compliance:write";
    public static final String COMPLIANCE_READ = "SCOPE_compliance:read";
    public static final String CONSENT_WRITE = "SCOPE_consent:write";
    public static final String CONSENT_READ = "SCOPE_consent:read";
    /** A compliance officer's scope: read and verify the account's audit trail. */
    public static final String AUDIT_READ = "SCOPE_audit:read";
    /** Manage the account's webhook endpoints and secrets, replay dead deliveries. */
    public static final String WEBHOOKS_WRITE = "SCOPE_webhooks:write";
    /** Read the account's webhook endpoints and deliveries. */
    public static final String WEBHOOKS_READ = "SCOPE_webhooks:read";
    /** The platform operator's scope for running the gateway: read-model status and rebuilds. */
    public static final String OPERATIONS = "SCOPE_operations";
    /** Issues and revokes the account's SMPP credentials. */
    public static final String SMPP_WRITE = "SCOPE_smpp:write";
    /** Lists the account's SMPP credentials (never their passwords). */
    public static final String SMPP_READ = "SCOPE_smpp:read";
    /** Sets the account's email-to-SMS settings, issues and revokes its SMTP credentials. */
    public static final String EMAIL_WRITE = "SCOPE_email:write";
    /** Reads the account's email-to-SMS settings and lists its SMTP credentials (never their passwords). */
    public static final String EMAIL_READ = "SCOPE_email:read";
    /** A compliance officer's scope: export signed audit bundles. */
    public static final String AUDIT_EXPORT = "SCOPE_audit:export";
    /** The operator's scope for what the registry and carriers decide: vetting, approvals, verification. */
    public static final String REGISTRY_WRITE = "SCOPE_registry:write";
    /** The operator's scope for prices: rate cards, the carrier lookup's tables, the accounts' spend limits. */
    public static final String BILLING_WRITE = "SCOPE_billing:write";

    /**
     * A request the firewall refuses (an encoded slash, {@code ..}, {@code ;}, a backslash, a method it does not know)
     * is a 400 that the error page answers as problem+json, not an exception logged as a failure of the gateway.
     */
    @Bean
    public org.springframework.security.web.firewall.RequestRejectedHandler requestRejectedHandler() {
        return new org.springframework.security.web.firewall.HttpStatusRequestRejectedHandler();
    }

    /**
     * No observation around each security filter, authentication and authorization of every request: turning their
     * observations off by name ({@code management.observations.enable.spring.security}) still left every filter
     * wrapped in an observing decorator on every request. Requests are still observed as a whole
     * ({@code http.server.requests}).
     */
    @Bean
    public static org.springframework.security.config.observation.SecurityObservationSettings securityObservations() {
        return org.springframework.security.config.observation.SecurityObservationSettings.noObservations();
    }

    @Bean
    @Order(2)
    public SecurityFilterChain apiSecurity(HttpSecurity http, ProblemSecurityResponses problems) throws Exception {
        JwtAuthenticationConverter converter = new JwtAuthenticationConverter();
        converter.setJwtGrantedAuthoritiesConverter(new KeycloakAwareAuthoritiesConverter());
        http.securityMatcher("/**")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info").permitAll()
                        .requestMatchers(HttpMethod.GET, "/v1/openapi.yaml").permitAll()
                        .requestMatchers("/error").permitAll()
                        .requestMatchers(HttpMethod.POST, "/v1/messages", "/v1/messages/dry-run",
                                "/v1/messages/batch/dry-run",
                                "/v1/messages/*/cancellation").hasAuthority(SEND)
                        .requestMatchers(HttpMethod.GET, "/v1/messages/**", "/v1/events").hasAuthority(READ)
                        .requestMatchers(HttpMethod.POST, "/v1/brands/*/vetting", "/v1/brands/*/suspension",
                                "/v1/campaigns/*/decisions",
                                "/v1/numbers/*/toll-free-verification").hasAuthority(REGISTRY_WRITE)
                        .requestMatchers(HttpMethod.GET, "/v1/brands/**", "/v1/campaigns/**", "/v1/numbers/**")
                        .hasAuthority(COMPLIANCE_READ)
                        .requestMatchers("/v1/brands/**", "/v1/campaigns/**", "/v1/numbers/**")
                        .hasAuthority(COMPLIANCE_WRITE)
                        .requestMatchers(HttpMethod.GET, "/v1/webhook-endpoints/**", "/v1/webhook-deliveries/**")
                        .hasAnyAuthority(WEBHOOKS_READ, WEBHOOKS_WRITE)
                        .requestMatchers("/v1/webhook-endpoints/**", "/v1/webhook-deliveries/**", "/v1/webhook-secret")
                        .hasAuthority(WEBHOOKS_WRITE)
                        .requestMatchers(HttpMethod.GET, "/v1/smpp-credentials", "/v1/smpp-credentials/**")
                        .hasAnyAuthority(SMPP_READ, SMPP_WRITE)
                        .requestMatchers("/v1/smpp-credentials", "/v1/smpp-credentials/**").hasAuthority(SMPP_WRITE)
                        .requestMatchers(HttpMethod.GET, "/v1/email-gateway", "/v1/email-gateway/**")
                        .hasAnyAuthority(EMAIL_READ, EMAIL_WRITE)
                        .requestMatchers("/v1/email-gateway", "/v1/email-gateway/**").hasAuthority(EMAIL_WRITE)
                        .requestMatchers(HttpMethod.GET, "/v1/rate-cards", "/v1/rate-cards/current", "/v1/costs",
                                "/v1/costs/export", "/v1/spend").hasAuthority(READ)
                        .requestMatchers("/v1/rate-cards/**", "/v1/rate-cards", "/v1/carrier-table/**",
                                "/v1/accounts/*/spend-limit", "/v1/accounts/*/spend").hasAuthority(BILLING_WRITE)
                        .requestMatchers("/v1/operations/**").hasAuthority(OPERATIONS)
                        // counts over every account: the platform team's, not a tenant's
                        .requestMatchers("/actuator/prometheus", "/actuator/metrics/**").hasAuthority(OPERATIONS)
                        .requestMatchers("/v1/audit/exports", "/v1/audit/exports/**").hasAuthority(AUDIT_EXPORT)
                        .requestMatchers(HttpMethod.GET, "/v1/audit/**").hasAuthority(AUDIT_READ)
                        .requestMatchers(HttpMethod.GET, "/v1/consents/**").hasAuthority(CONSENT_READ)
                        .requestMatchers("/v1/consents/**").hasAuthority(CONSENT_WRITE)
                        .anyRequest().authenticated())
                .oauth2ResourceServer(resourceServer -> resourceServer
                        .jwt(jwt -> jwt.jwtAuthenticationConverter(converter))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems)
                        // the issuer unreachable is the gateway's trouble, not the client's: 503, not a 500 or a 401
                        .withObjectPostProcessor(new org.springframework.security.config.ObjectPostProcessor<
                                org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter>() {
                            @Override
                            public <O extends org.springframework.security.oauth2.server.resource.web.authentication
                                    .BearerTokenAuthenticationFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler(problems::authenticationFailed);
                                return filter;
                            }
                        }))
                .exceptionHandling(exceptions -> exceptions
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable());
        return http.build();
    }

    /**
     * Reads {@code scope} (a space-separated string, as Keycloak and the local issuer write it, or a list)
     * and {@code scp}; and Keycloak's {@code realm_access.roles}.
     */
    static final class KeycloakAwareAuthoritiesConverter implements Converter<Jwt, Collection<GrantedAuthority>> {

        @Override
        public Collection<GrantedAuthority> convert(Jwt jwt) {
            List<GrantedAuthority> authorities = new ArrayList<>();
            for (String claim : List.of("scope", "scp")) {
                Object value = jwt.getClaims().get(claim);
                if (value instanceof String text) {
                    for (String scope : text.trim().split("\\s+")) {
                        if (!scope.isEmpty()) {
                            authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope));
                        }
                    }
                } else if (value instanceof Collection<?> list) {
                    list.forEach(scope -> authorities.add(new SimpleGrantedAuthority("SCOPE_" + scope)));
                }
            }
            if (jwt.getClaims().get("realm_access") instanceof Map<?, ?> realmAccess
                    && realmAccess.get("roles") instanceof Collection<?> roles) {
                roles.forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role)));
            }
            return authorities;
        }
    }
}
