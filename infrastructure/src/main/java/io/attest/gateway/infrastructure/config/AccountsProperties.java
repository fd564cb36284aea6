package io.attest.gateway.infrastructure.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.util.List;
import java.util.Map;

/**
 * Per-account settings, keyed by account id: {@code gateway.accounts.<account>.sender-numbers}.
 * Sender numbers move to 10DLC number assignment (Campaign) once campaigns exist.
 */
@ConfigurationProperties("gateway")
public record AccountsProperties(Map<String, Account> accounts) {

    public AccountsProperties {
        accounts = accounts == null ? Map.of() : Map.copyOf(accounts);
    }

    public record Account(List<String> senderNumbers) {
        public Account {
            senderNumbers = senderNumbers == null ? List.of() : List.copyOf(senderNumbers);
        }
    }
}
