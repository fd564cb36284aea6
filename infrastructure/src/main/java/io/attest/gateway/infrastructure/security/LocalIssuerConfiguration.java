package io.attest.gateway.infrastructure.security;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.web.SecurityFilterChain;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The local token issuer (Spring Authorization Server, client-credentials grant only) of the embedded
 * default. It is on unless {@code gateway.local-issuer.enabled=false} or an external issuer is configured
 * ({@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}), so a production
 * configuration that names Keycloak never also trusts a local key. Its signing key lives in memory:
 * tokens do not survive a restart.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(LocalIssuerConfiguration.LocalIssuerWanted.class)
public class LocalIssuerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(LocalIssuerConfiguration.class);

    /**
     * The issuer's endpoints, behind a guard that refuses a client id or an address after too many failed client
     * authentications within {@code gateway.local-issuer.failure-window} (10 per client id, 50 per address by default).
     */
    @Bean
    @Order(1)
    public SecurityFilterChain localIssuerSecurity(HttpSecurity http, ProblemSecurityResponses problems,
                                                   @org.springframework.beans.factory.annotation.Value(
                                                           "${gateway.local-issuer.max-failures-per-client:10}") int perClient,
                                                   @org.springframework.beans.factory.annotation.Value(
                                                           "${gateway.local-issuer.max-failures-per-address:50}") int perAddress,
                                                   @org.springframework.beans.factory.annotation.Value(
                                                           "${gateway.local-issuer.failure-window:5m}") Duration window,
                                                   java.time.Clock clock) throws Exception {
        var guard = new TokenEndpointGuard(new FailedAttempts(perClient, window, 100_000, clock),
                new FailedAttempts(perAddress, window, 100_000, clock));
        var signIn = org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher.withDefaults()
                .matcher(SIGN_IN);
        http.oauth2AuthorizationServer(authorizationServer -> {
                    http.securityMatcher(new org.springframework.security.web.util.matcher.OrRequestMatcher(
                            authorizationServer.getEndpointsMatcher(), signIn));
                    // a client introspects its own tokens only (an operator any): no reading another client's claims
                    authorizationServer.tokenIntrospectionEndpoint(introspection -> introspection.authenticationProviders(
                            providers -> providers.replaceAll(OwnTokensOnly::new)));
                    // the console signs people in with OpenID Connect: an ID token with their account and roles
                    authorizationServer.oidc(org.springframework.security.config.Customizer.withDefaults());
                })
                .addFilterBefore(guard, org.springframework.security.web.context.SecurityContextHolderFilter.class)
                .authorizeHttpRequests(requests -> requests.requestMatchers(signIn).permitAll()
                        .anyRequest().authenticated())
                // a person signs in to the issuer with a form; who they are is kept apart from the console's own
                // sign-in, so that signing in here never signs anyone in to the console without a token
                .formLogin(form -> form.loginPage(SIGN_IN).loginProcessingUrl(SIGN_IN).permitAll())
                .securityContext(context -> context.securityContextRepository(issuerSessions()))
                .requestCache(cache -> cache.requestCache(issuerRequests()))
                .exceptionHandling(exceptions -> exceptions
                        .defaultAuthenticationEntryPointFor(
                                new org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint(SIGN_IN),
                                new org.springframework.security.web.util.matcher.MediaTypeRequestMatcher(
                                        org.springframework.http.MediaType.TEXT_HTML))
                        .defaultAuthenticationEntryPointFor(problems,
                                org.springframework.security.web.util.matcher.AnyRequestMatcher.INSTANCE))
                // clients post to the token endpoints with their secret, not a session: CSRF guards the sign-in form only
                .csrf(csrf -> csrf.requireCsrfProtectionMatcher(request ->
                        "POST".equals(request.getMethod()) && signIn.matches(request)))
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(
                        io.attest.gateway.infrastructure.console.ConsoleSecurityConfiguration.CONTENT_SECURITY_POLICY)));
        return http.build();
    }

    /** The issuer's sign-in page for people (the console's users); clients never use it. */
    public static final String SIGN_IN = "/issuer/sign-in";

    /** The session attribute the issuer keeps its signed-in person under: not the console's. */
    private static org.springframework.security.web.context.HttpSessionSecurityContextRepository issuerSessions() {
        var repository = new org.springframework.security.web.context.HttpSessionSecurityContextRepository();
        repository.setSpringSecurityContextKey("ATTEST_ISSUER_SECURITY_CONTEXT");
        return repository;
    }

    private static org.springframework.security.web.savedrequest.HttpSessionRequestCache issuerRequests() {
        var cache = new org.springframework.security.web.savedrequest.HttpSessionRequestCache();
        cache.setSessionAttrName("ATTEST_ISSUER_SAVED_REQUEST");
        return cache;
    }

    /** The console's client id at the local issuer. */
    public static final String CONSOLE_CLIENT = "attest-console";

    /**
     * The people who sign in to the console, their passwords kept as BCrypt hashes only. Each has an account and roles.
     */
    @Bean
    public org.springframework.security.core.userdetails.UserDetailsService issuerUsers(LocalIssuerProperties properties) {
        var users = properties.users().stream().map(user -> {
            if (user.account() == null || user.roles().isEmpty() || !user.roles().stream().allMatch(ConsoleRoles::known)) {
                throw new IllegalStateException("gateway.local-issuer.users: " + user.username() + " needs an account and "
                        + "roles of account-user, compliance-officer, operator");
            }
            return org.springframework.security.core.userdetails.User.withUsername(user.username())
                    .password(hashed(user.password())).roles(user.roles().stream()
                            .map(role -> role.toUpperCase(java.util.Locale.ROOT).replace('-', '_')).toArray(String[]::new))
                    .build();
        }).toList();
        return new org.springframework.security.provisioning.InMemoryUserDetailsManager(users);
    }

    @Bean
    public RegisteredClientRepository registeredClientRepository(LocalIssuerProperties properties,
                                                                 @org.springframework.beans.factory.annotation.Value(
                                                                         "${gateway.local-issuer.token-lifetime:15m}")
                                                                 Duration tokenLifetime) {
        if (tokenLifetime.compareTo(Duration.ofMinutes(1)) < 0 || tokenLifetime.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalStateException("gateway.local-issuer.token-lifetime is 1 minute to 24 hours, not " + tokenLifetime);
        }
        if (properties.clients().isEmpty()) {
            throw new IllegalStateException("the local issuer is on but gateway.local-issuer.clients is empty");
        }
        var clients = properties.clients().stream().map(client -> RegisteredClient.withId(client.clientId())
                .clientId(client.clientId())
                .clientSecret(hashed(client.clientSecret()))
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                .scopes(scopes -> scopes.addAll(client.scopes()))
                .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(tokenLifetime).build())
                .build()).toList();
        log.warn("Local token issuer is ON with {} client(s): for local use only, turn it off in production",
                clients.size());
        var all = new java.util.ArrayList<>(clients);
        if (!properties.users().isEmpty()) {
            // the console: a public client (no secret), authorization code with PKCE required, OpenID Connect; on
            // loopback the redirect's port may be any (RFC 8252 7.3), so one registration serves every local port
            all.add(RegisteredClient.withId(CONSOLE_CLIENT).clientId(CONSOLE_CLIENT)
                    .clientAuthenticationMethod(ClientAuthenticationMethod.NONE)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri("http://127.0.0.1:8080/login/oauth2/code/" + CONSOLE_CLIENT)
                    .scope(org.springframework.security.oauth2.core.oidc.OidcScopes.OPENID)
                    .clientSettings(org.springframework.security.oauth2.server.authorization.settings.ClientSettings
                            .builder().requireProofKey(true).requireAuthorizationConsent(false).build())
                    .tokenSettings(TokenSettings.builder().accessTokenTimeToLive(tokenLifetime).build())
                    .build());
        }
        return new UnknownClientsCostTheSame(new InMemoryRegisteredClientRepository(all),
                RegisteredClient.withId("unknown-client").clientId("unknown-client")
                        .clientSecret(hashed(UUID.randomUUID().toString()))
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                        .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                        .authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
                        .build());
    }

    /**
     * A client secret as the issuer keeps it: a BCrypt hash (the cost Spring Security's default encoder checks with,
     * so a successful check never re-encodes it), never the secret itself.
     */
    private static String hashed(String secret) {
        if (secret == null || secret.isEmpty() || secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 72) {
            throw new IllegalStateException("a client secret of gateway.local-issuer.clients is 1 to 72 bytes");
        }
        return "{bcrypt}" + BCRYPT.encode(secret);
    }

    private static final org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder BCRYPT =
            new org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder();

    /**
     * Answers an unknown client id with a client whose secret nobody knows, so that its request is refused after the
     * same secret check as a known client's with a wrong secret: the time of the answer does not tell which client ids
     * exist. The stand-in has no scope and no account.
     */
    static final class UnknownClientsCostTheSame implements RegisteredClientRepository {

        private final RegisteredClientRepository clients;
        private final RegisteredClient standIn;

        UnknownClientsCostTheSame(RegisteredClientRepository clients, RegisteredClient standIn) {
            this.clients = clients;
            this.standIn = standIn;
        }

        @Override
        public void save(RegisteredClient registeredClient) {
            clients.save(registeredClient);
        }

        @Override
        public RegisteredClient findById(String id) {
            return clients.findById(id);
        }

        @Override
        public RegisteredClient findByClientId(String clientId) {
            RegisteredClient client = clients.findByClientId(clientId);
            return client != null ? client : standIn;
        }
    }

    /**
     * Puts the client's account into its access tokens, under the claim the API reads. A token request
     * that names no scope gets all of the client's scopes, as Keycloak does with default client scopes.
     */
    @Bean
    public OAuth2TokenCustomizer<JwtEncodingContext> accountClaim(LocalIssuerProperties properties,
                                                                  @org.springframework.beans.factory.annotation.Value(
                                                                          "${gateway.security.account-claim:account}")
                                                                  String accountClaim) {
        Map<String, String> accountByClient = properties.clients().stream()
                .collect(Collectors.toMap(LocalIssuerProperties.Client::clientId, LocalIssuerProperties.Client::account));
        Map<String, LocalIssuerProperties.User> users = properties.users().stream()
                .collect(Collectors.toMap(LocalIssuerProperties.User::username, user -> user));
        return context -> {
            if (CONSOLE_CLIENT.equals(context.getRegisteredClient().getClientId())) {
                // a person signed in to the console: their account, roles, and the scopes of their roles
                var user = users.get(context.getPrincipal().getName());
                if (user != null) {
                    context.getClaims().claim(accountClaim, user.account());
                    context.getClaims().claim("roles", user.roles());
                    if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                        context.getClaims().claim("scope", ConsoleRoles.scopes(user.roles()));
                    }
                }
                return;
            }
            if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
                String account = accountByClient.get(context.getRegisteredClient().getClientId());
                if (account != null) {
                    context.getClaims().claim(accountClaim, account);
                }
                if (context.getAuthorizedScopes().isEmpty()) {
                    context.getClaims().claim("scope", context.getRegisteredClient().getScopes());
                }
            }
        };
    }

    /**
     * The signing key, kept in {@code gateway.local-issuer.key-file} (default {@code <data-dir>/local-issuer-key.pem},
     * made at the first start): tokens outlive a restart, and every node given the same file accepts them.
     */
    @Bean
    public JWKSource<SecurityContext> jwkSource(
            @org.springframework.beans.factory.annotation.Value("${gateway.local-issuer.key-file:}") String keyFile,
            @org.springframework.beans.factory.annotation.Value("${gateway.data-dir:./data}") java.nio.file.Path dataDir) {
        java.nio.file.Path file = keyFile.isBlank() ? dataDir.resolve("local-issuer-key.pem") : java.nio.file.Path.of(keyFile);
        RSAKey key = LocalIssuerKey.fromFile(file);
        log.info("the local issuer signs tokens with key {} from {}", key.getKeyID(), file.toAbsolutePath());
        return new ImmutableJWKSet<>(new JWKSet(key));
    }

    /**
     * The API trusts the local issuer's key directly (no HTTP round trip to itself), and only tokens that name this
     * issuer and are within their lifetime, give or take {@code gateway.security.clock-skew}.
     */
    @Bean
    public JwtDecoder jwtDecoder(JWKSource<SecurityContext> jwkSource, AuthorizationServerSettings settings,
                                 @org.springframework.beans.factory.annotation.Value("${gateway.security.clock-skew:5s}")
                                 Duration clockSkew,
                                 @org.springframework.beans.factory.annotation.Value("${gateway.security.audience:}")
                                 String audience) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(jwkSource).build();
        decoder.setJwtValidator(TokenValidation.validator(settings.getIssuer(), clockSkew, audience));
        return decoder;
    }

    /**
     * The issuer the tokens name is fixed by configuration ({@code gateway.local-issuer.issuer}), never taken from the
     * request's Host header, which any client sets as it likes.
     */
    @Bean
    public AuthorizationServerSettings authorizationServerSettings(
            @org.springframework.beans.factory.annotation.Value("${gateway.local-issuer.issuer:http://localhost:8080}")
            String issuer) {
        return AuthorizationServerSettings.builder().issuer(issuer).build();
    }

    public static class LocalIssuerWanted implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            var environment = context.getEnvironment();
            boolean enabled = environment.getProperty("gateway.local-issuer.enabled", Boolean.class, true);
            boolean external = hasText(environment.getProperty("spring.security.oauth2.resourceserver.jwt.issuer-uri"))
                    || hasText(environment.getProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri"));
            return enabled && !external;
        }

        private static boolean hasText(String value) {
            return value != null && !value.isBlank();
        }
    }
}
