package io.attest.gateway.infrastructure.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;

/**
 * The local OAuth2 token issuer of the embedded default: client-credentials clients, each acting for one
 * account. For local use only; production turns it off and trusts Keycloak.
 */
@ConfigurationProperties("gateway.local-issuer")
public record LocalIssuerProperties(Boolean enabled, List<Client> clients) {

    public LocalIssuerProperties {
        enabled = enabled == null || enabled;
        clients = clients == null ? List.of() : List.copyOf(clients);
    }

    public record Client(String clientId, String clientSecret, String account, List<String> scopes) {
        public Client {
            scopes = scopes == null ? List.of() : List.copyOf(scopes);
        }
    }
}
