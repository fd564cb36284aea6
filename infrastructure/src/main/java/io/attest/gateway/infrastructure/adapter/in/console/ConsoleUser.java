package io.attest.gateway.infrastructure.adapter.in.console;

import io.attest.gateway.domain.shared.AccountId;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.ui.Model;

import java.util.List;

/** The signed-in person as every page shows them: name, account, roles; and the account they act for. */
final class ConsoleUser {

    private ConsoleUser() {
    }

    static AccountId signedIn(OidcUser user, Model model, String accountClaim) {
        String account = user.getClaimAsString(accountClaim);
        List<String> roles = user.getClaimAsStringList("roles");
        model.addAttribute("userName", user.getPreferredUsername() != null ? user.getPreferredUsername() : user.getSubject());
        model.addAttribute("account", account);
        model.addAttribute("roles", roles == null ? List.of() : roles);
        return AccountId.of(account);
    }
}
