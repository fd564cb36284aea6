package io.attest.gateway.infrastructure.security;

import io.attest.gateway.domain.shared.AccountId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;

/**
 * The account (tenant) a token acts for, from the claim named by {@code gateway.security.account-claim}
 * (default {@code account}; with Keycloak, a hardcoded-claim or user-attribute mapper on the client).
 */
@Component
public class AccountResolver {

    private final String claim;

    public AccountResolver(@Value("${gateway.security.account-claim:account}") String claim) {
        this.claim = claim;
    }

    public AccountId accountOf(Jwt jwt) {
        String value = jwt.getClaimAsString(claim);
        if (value == null || value.isBlank()) {
            throw new AccessDeniedException("the token carries no '" + claim + "' claim naming an account");
        }
        try {
            return AccountId.of(value);
        } catch (IllegalArgumentException e) {
            throw new AccessDeniedException("the token's '" + claim + "' claim is not a valid account id");
        }
    }
}
