package io.attest.gateway.infrastructure.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * The local OAuth2 token issuer of the embedded default: client-credentials clients, each acting for one
 * account. For local use only; production turns it off and trusts Keycloak.
 */
@ConfigurationProperties("gateway.local-issuer")
public record LocalIssuerProperties(Boolean enabled, List<Client> clients, List<User> users) {

    public LocalIssuerProperties {
        enabled = enabled == null || enabled;
        clients = clients == null ? List.of() : List.copyOf(clients);
        users = users == null ? List.of() : List.copyOf(users);
    }

    /**
     * A person who signs in to the console (authorization code with PKCE): the account they act for, and their roles
     * ({@code account-user}, {@code compliance-officer}, {@code operator}), which decide the pages and the scopes.
     */
    public record User(String username, String password, String account, List<String> roles) {
        public User {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    public record Client(String clientId, String clientSecret, String account, List<String> scopes) {
        public Client {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }
    }
}
