package io.attest.gateway.infrastructure.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenIntrospection;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2ClientAuthenticationToken;
import org.springframework.security.oauth2.server.authorization.authentication.OAuth2TokenIntrospectionAuthenticationToken;

/**
 * Token introspection at the local issuer for the token's own client, or an operator (a client with the scope
 * {@code operations}): any other client learns only that the token is not active for it, not whose it is or what it
 * may do.
 */
final class OwnTokensOnly implements AuthenticationProvider {

    static final String OPERATOR_SCOPE = "operations";

    private final AuthenticationProvider introspection;

    OwnTokensOnly(AuthenticationProvider introspection) {
        this.introspection = introspection;
    }

    @Override
    public Authentication authenticate(Authentication authentication) throws AuthenticationException {
        Authentication result = introspection.authenticate(authentication);
        if (result instanceof OAuth2TokenIntrospectionAuthenticationToken answer && answer.getTokenClaims().isActive()
                && answer.getPrincipal() instanceof OAuth2ClientAuthenticationToken caller
                && caller.getRegisteredClient() != null
                && !caller.getRegisteredClient().getClientId().equals(answer.getTokenClaims().getClientId())
                && !caller.getRegisteredClient().getScopes().contains(OPERATOR_SCOPE)) {
            return new OAuth2TokenIntrospectionAuthenticationToken(answer.getToken(), caller,
                    OAuth2TokenIntrospection.builder().build());
        }
        return result;
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return introspection.supports(authentication);
    }
}
