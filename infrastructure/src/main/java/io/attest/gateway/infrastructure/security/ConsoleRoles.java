package io.attest.gateway.infrastructure.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The console's roles and what each may do: the scopes a signed-in person's token carries, so that the console's pages
 * and the API agree. Keycloak gives the same roles as realm roles; the local issuer as the {@code roles} claim.
 */
public final class ConsoleRoles {

    public static final String ACCOUNT_USER = "account-user";
    public static final String COMPLIANCE_OFFICER = "compliance-officer";
    public static final String OPERATOR = "operator";

    private static final Map<String, List<String>> SCOPES = Map.of(
            ACCOUNT_USER, List.of("messages:send", "messages:read", "compliance:read", "consent:read", "webhooks:read",
                    "webhooks:write"),
            COMPLIANCE_OFFICER, List.of("messages:read", "compliance:read", "consent:read", "consent:write", "audit:read",
                    "audit:export"),
            OPERATOR, List.of("registry:write", "operations", "billing:write"));

    private ConsoleRoles() {
    }

    public static boolean known(String role) {
        return SCOPES.containsKey(role);
    }

    /** The scopes of these roles together. */
    public static Set<String> scopes(List<String> roles) {
        Set<String> scopes = new LinkedHashSet<>();
        roles.forEach(role -> scopes.addAll(SCOPES.getOrDefault(role, List.of())));
        return scopes;
    }

    /** The Spring Security authority of a role: {@code ROLE_ACCOUNT_USER}. */
    public static String authority(String role) {
        return "ROLE_" + role.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
    }
}
