package io.attest.gateway.infrastructure.console;

import io.attest.gateway.infrastructure.security.ConsoleRoles;
import io.attest.gateway.infrastructure.security.LocalIssuerConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.web.SecurityFilterChain;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The web console's security (docs/console.md): people sign in with OAuth2 authorization code and PKCE at the same
 * identity provider as the API (the local issuer, or Keycloak), and get a session that expires. Forms carry CSRF
 * tokens; every page has a strict Content-Security-Policy (no inline script or style, nothing from elsewhere); roles
 * decide the pages.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleSecurityConfiguration {

    /** The console's registration: at the local issuer, or at Keycloak through spring.security.oauth2.client. */
    public static final String REGISTRATION = LocalIssuerConfiguration.CONSOLE_CLIENT;

    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /**
     * @param registrations the console's registration: the local issuer's, or Boot's from
     *                      {@code spring.security.oauth2.client.registration.attest-console} (Keycloak); with neither,
     *                      nobody can sign in and the pages answer nothing but the sign-in failure
     */
    @Bean
    @Order(0)
    public SecurityFilterChain consoleSecurity(HttpSecurity http,
                                               ObjectProvider<ClientRegistrationRepository> registrations) throws Exception {
        ClientRegistrationRepository repository = registrations.getIfAvailable(() -> registrationId -> null);
        http.securityMatcher("/console", "/console/**", "/oauth2/authorization/**", "/login/oauth2/code/**",
                        "/console-sign-out")
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers("/console/assets/**", "/console/signed-out").permitAll()
                        .requestMatchers("/console/bulk", "/console/bulk/**", "/console/webhooks", "/console/webhooks/**",
                                "/console/email", "/console/email/**")
                        .hasAuthority(ConsoleRoles.authority(ConsoleRoles.ACCOUNT_USER))
                        .requestMatchers("/console/registry/decision")
                        .hasAuthority(ConsoleRoles.authority(ConsoleRoles.OPERATOR))
                        .requestMatchers("/console/audit", "/console/audit/**", "/console/consent/opt-out")
                        .hasAuthority(ConsoleRoles.authority(ConsoleRoles.COMPLIANCE_OFFICER))
                        .requestMatchers("/console/messages", "/console/messages/**", "/console/consent", "/console/costs",
                                "/console/costs.csv")
                        .hasAnyAuthority(ConsoleRoles.authority(ConsoleRoles.ACCOUNT_USER),
                                ConsoleRoles.authority(ConsoleRoles.COMPLIANCE_OFFICER))
                        .anyRequest().authenticated())
                .oauth2Login(login -> login
                        .clientRegistrationRepository(repository)
                        .loginPage("/oauth2/authorization/" + REGISTRATION)
                        .defaultSuccessUrl("/console", false)
                        .userInfoEndpoint(userInfo -> userInfo.userAuthoritiesMapper(rolesFromIdToken())))
                .logout(logout -> logout.logoutUrl("/console-sign-out").logoutSuccessUrl("/console/signed-out"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(
                                org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .exceptionHandling(exceptions -> exceptions.accessDeniedPage("/console/forbidden"));
        return http.build();
    }

    /** The roles in the ID token's {@code roles} claim (the local issuer's, or a Keycloak mapper's) as authorities. */
    static GrantedAuthoritiesMapper rolesFromIdToken() {
        return (Collection<? extends GrantedAuthority> authorities) -> {
            Set<GrantedAuthority> mapped = new HashSet<>(authorities);
            for (GrantedAuthority authority : authorities) {
                if (authority instanceof OidcUserAuthority oidc) {
                    List<String> roles = oidc.getIdToken().getClaimAsStringList("roles");
                    if (roles != null) {
                        roles.stream().filter(ConsoleRoles::known)
                                .forEach(role -> mapped.add(new SimpleGrantedAuthority(ConsoleRoles.authority(role))));
                    }
                }
            }
            return mapped;
        };
    }

    /**
     * The console's registration at the local issuer, made when it is first needed: the issuer is this server, and
     * its port is known only once it listens. The browser and the server reach it on 127.0.0.1.
     */
    @Bean
    @org.springframework.context.annotation.Conditional(LocalIssuerConfiguration.LocalIssuerWanted.class)
    public ClientRegistrationRepository localConsoleRegistration(ObjectProvider<WebServerApplicationContext> server,
                                                                 @Value("${server.servlet.context-path:}") String contextPath) {
        return new ClientRegistrationRepository() {
            private volatile ClientRegistration registration;

            @Override
            public ClientRegistration findByRegistrationId(String registrationId) {
                if (!REGISTRATION.equals(registrationId)) {
                    return null;
                }
                ClientRegistration known = registration;
                if (known == null) {
                    String issuer = "http://127.0.0.1:" + server.getObject().getWebServer().getPort() + contextPath;
                    known = ClientRegistration.withRegistrationId(REGISTRATION)
                            .clientId(LocalIssuerConfiguration.CONSOLE_CLIENT)
                            .clientAuthenticationMethod(ClientAuthenticationMethod.NONE) // public: PKCE, no secret
                            .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                            .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                            .scope("openid")
                            .authorizationUri(issuer + "/oauth2/authorize")
                            .tokenUri(issuer + "/oauth2/token")
                            .jwkSetUri(issuer + "/oauth2/jwks")
                            .userNameAttributeName("sub")
                            .clientName("Attest console")
                            .build();
                    registration = known;
                }
                return known;
            }
        };
    }
}
