package io.attest.gateway.infrastructure.adapter.in.console;

import io.attest.gateway.application.shared.NotFoundException;
import io.attest.gateway.application.webhook.port.in.ManageWebhooksUseCase;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort;
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

import java.util.List;
import java.util.Locale;

/** Webhooks in the console: the account's endpoints, their deliveries with status codes, dead letters with replay. */
@Controller
class WebhookConsoleController {

    static final int PAGE = 50;

    private final ManageWebhooksUseCase webhooks;
    private final String accountClaim;

    WebhookConsoleController(ManageWebhooksUseCase webhooks,
                             @Value("${gateway.security.account-claim:account}") String accountClaim) {
        this.webhooks = webhooks;
        this.accountClaim = accountClaim;
    }

    /** The endpoints, and the deliveries oldest first from {@code after} (all, or one status such as dead). */
    @GetMapping("/console/webhooks")
    String webhooks(@AuthenticationPrincipal OidcUser user, Model model,
                    @RequestParam(name = "status", required = false) String status,
                    @RequestParam(name = "after", defaultValue = "0") long after) {
        AccountId account = ConsoleUser.signedIn(user, model, accountClaim);
        WebhookStorePort.DeliveryStatus filter = null;
        if (status != null && !status.isBlank()) {
            try {
                filter = WebhookStorePort.DeliveryStatus.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                filter = null;
            }
        }
        model.addAttribute("status", filter == null ? "" : filter.name().toLowerCase(Locale.ROOT));
        model.addAttribute("endpoints", webhooks.endpoints(account));
        List<WebhookStorePort.Delivery> deliveries = webhooks.deliveries(account, filter, Math.max(0, after), PAGE);
        model.addAttribute("deliveries", deliveries);
        model.addAttribute("next", deliveries.size() == PAGE ? deliveries.getLast().id() : null);
        model.addAttribute("problems", List.of());
        return "console/webhooks";
    }

    /** Sends a dead delivery again from its first attempt. */
    @PostMapping("/console/webhooks/deliveries/{id}/replay")
    String replay(@AuthenticationPrincipal OidcUser user, Model model, @PathVariable("id") long id) {
        AccountId account = ConsoleUser.signedIn(user, model, accountClaim);
        try {
            webhooks.replay(account, id);
        } catch (NotFoundException e) {
            throw new ConsoleController.NotFound();
        } catch (InvalidInputException | io.attest.gateway.domain.shared.IllegalTransitionException e) {
            String page = webhooks(user, model, "dead", 0);
            model.addAttribute("problems", List.of(e.getMessage()));
            return page;
        }
        return "redirect:/console/webhooks?status=dead";
    }
}
