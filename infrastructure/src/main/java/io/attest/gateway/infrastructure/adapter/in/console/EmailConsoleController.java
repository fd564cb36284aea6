package io.attest.gateway.infrastructure.adapter.in.console;

import io.attest.gateway.application.email.port.in.ManageEmailGatewayUseCase;
import io.attest.gateway.application.email.port.in.ManageEmailGatewayUseCase.Settings;
import io.attest.gateway.application.shared.NotFoundException;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.InvalidInputException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.Arrays;
import java.util.List;

/**
 * Email to SMS in the console (docs/email.md): the account's settings, and its SMTP logins, a new one's password shown
 * on the page that issues it and never again. Account users only.
 */
@Controller
class EmailConsoleController {

    private final ManageEmailGatewayUseCase email;
    private final String accountClaim;
    private final String domain;

    EmailConsoleController(ManageEmailGatewayUseCase email,
                           @Value("${gateway.security.account-claim:account}") String accountClaim,
                           @Value("${gateway.email.domain:sms.localhost}") String domain) {
        this.email = email;
        this.accountClaim = accountClaim;
        this.domain = domain;
    }

    @GetMapping("/console/email")
    String page(@AuthenticationPrincipal OidcUser user, Model model) {
        AccountId account = ConsoleUser.signedIn(user, model, accountClaim);
        Settings settings = email.settings(account);
        model.addAttribute("settings", settings);
        model.addAttribute("numbers", String.join(", ", settings.numbers()));
        model.addAttribute("senders", String.join("\n", settings.allowedSenders()));
        model.addAttribute("credentials", email.credentials(account));
        model.addAttribute("domain", domain);
        model.addAttribute("problems", model.containsAttribute("problems") ? model.getAttribute("problems") : List.of());
        return "console/email";
    }

    @PostMapping("/console/email/settings")
    String configure(@AuthenticationPrincipal OidcUser user, Model model,
                     @RequestParam(name = "enabled", required = false) String enabled,
                     @RequestParam(name = "numbers", defaultValue = "") String numbers,
                     @RequestParam(name = "senders", defaultValue = "") String senders,
                     @RequestParam(name = "replies", required = false) String replies,
                     @RequestParam(name = "receipts", required = false) String receipts) {
        AccountId account = ConsoleUser.signedIn(user, model, accountClaim);
        try {
            email.configure(account, new Settings(enabled != null, list(numbers), list(senders), replies != null,
                    receipts != null));
        } catch (InvalidInputException | IllegalArgumentException | NotFoundException e) {
            model.addAttribute("problems", List.of(e.getMessage()));
            String page = page(user, model);
            model.addAttribute("numbers", numbers);
            model.addAttribute("senders", senders);
            return page;
        }
        return "redirect:/console/email";
    }

    /** Issues a login and shows its password on this page only: it is not kept anywhere it could be shown again. */
    @PostMapping("/console/email/credentials")
    String issue(@AuthenticationPrincipal OidcUser user, Model model,
                 @RequestParam(name = "description", required = false) String description) {
        AccountId account = ConsoleUser.signedIn(user, model, accountClaim);
        try {
            model.addAttribute("issued", email.issueCredential(account,
                    description == null || description.isBlank() ? null : description.strip()));
        } catch (InvalidInputException e) {
            model.addAttribute("problems", List.of(e.getMessage()));
        }
        return page(user, model);
    }

    @PostMapping("/console/email/credentials/{username}/revoke")
    String revoke(@AuthenticationPrincipal OidcUser user, Model model, @PathVariable("username") String username) {
        AccountId account = ConsoleUser.signedIn(user, model, accountClaim);
        try {
            email.revokeCredential(account, username);
        } catch (NotFoundException e) {
            throw new ConsoleController.NotFound();
        }
        return "redirect:/console/email";
    }

    /** Numbers or addresses as typed: separated by commas, spaces or lines. */
    private static List<String> list(String typed) {
        return Arrays.stream(typed.split("[,\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
