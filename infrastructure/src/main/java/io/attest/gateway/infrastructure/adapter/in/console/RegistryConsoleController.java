package io.attest.gateway.infrastructure.adapter.in.console;

import io.attest.gateway.application.compliance.port.in.ComplianceRegistryUseCase;
import io.attest.gateway.application.compliance.port.in.RegistryListQuery;
import io.attest.gateway.application.shared.NotFoundException;
import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.DecideCampaignCommand;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.IllegalTransitionException;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The registry in the console: a brand, campaign or number with its status (an account sees its own; the operator
 * any), and the operator's decisions (vetting, approval, suspension, toll-free verification), each confirmed on a
 * second page before it is recorded.
 */
@Controller
class RegistryConsoleController {

    static final int PAGE = 50;

    private final ComplianceRegistryUseCase registry;
    private final RegistryListQuery lists;
    private final String accountClaim;

    RegistryConsoleController(ComplianceRegistryUseCase registry, RegistryListQuery lists,
                              @Value("${gateway.security.account-claim:account}") String accountClaim) {
        this.registry = registry;
        this.lists = lists;
        this.accountClaim = accountClaim;
    }

    /** What one item is, as the page shows it. */
    record Item(String kind, String id, String account, String status, String reason, String detail) {
    }

    /**
     * The registry page: a list of brands, campaigns or numbers (the account's; every account's for the operator),
     * optionally in one status, 50 at a time; with {@code id}, one item and, for the operator, its decisions.
     */
    @GetMapping("/console/registry")
    String registry(@AuthenticationPrincipal OidcUser user, Model model,
                    @RequestParam(name = "kind", defaultValue = "campaign") String kind,
                    @RequestParam(name = "id", required = false) String id,
                    @RequestParam(name = "status", required = false) String status,
                    @RequestParam(name = "after", required = false) String after) {
        AccountId account = ConsoleUser.signedIn(user, model, accountClaim);
        String listed = switch (kind) {
            case "brand", "campaign", "number" -> kind;
            default -> "campaign";
        };
        model.addAttribute("kind", listed);
        model.addAttribute("id", id);
        model.addAttribute("status", status == null ? "" : status);
        model.addAttribute("statuses", switch (listed) {
            case "brand" -> List.of("pending", "verified", "failed", "suspended");
            case "number" -> List.of("serving", "unverified", "released");
            default -> List.of("pending", "active", "rejected", "suspended", "expired");
        });
        model.addAttribute("problems", List.of());
        List<RegistryListQuery.Entry> entries = lists.list(operator(model) ? null : account,
                RegistryListQuery.Kind.valueOf(listed.toUpperCase(Locale.ROOT)),
                status == null || status.isBlank() ? null : status, after, PAGE);
        model.addAttribute("entries", entries);
        model.addAttribute("nextAfter", entries.size() < PAGE ? null : entries.getLast().id());
        if (id == null || id.isBlank()) {
            return "console/registry";
        }
        try {
            Optional<Item> item = find(account, operator(model), kind, id.trim());
            if (item.isEmpty()) {
                model.addAttribute("problems", List.of("No " + kind + " " + id + " in this account"));
            }
            item.ifPresent(found -> model.addAttribute("item", found));
        } catch (InvalidInputException | IllegalArgumentException | NotFoundException e) {
            model.addAttribute("problems", List.of(e.getMessage()));
        }
        return "console/registry";
    }

    private static boolean operator(Model model) {
        @SuppressWarnings("unchecked")
        List<String> roles = (List<String>) model.getAttribute("roles");
        return roles.contains("operator");
    }

    private Optional<Item> find(AccountId account, boolean operator, String kind, String id) {
        return switch (kind) {
            case "brand" -> {
                var brand = operator ? registry.findBrand(BrandId.of(id))
                        : Optional.of(registry.brand(account, BrandId.of(id)));
                yield brand.map(b -> new Item("brand", id, b.registration().accountId().value(),
                        b.status().name().toLowerCase(Locale.ROOT), b.statusReason(),
                        b.registration().legalName() + (b.trustScore() == null ? "" : ", trust score " + b.trustScore())));
            }
            case "campaign" -> {
                var campaign = operator ? registry.findCampaign(CampaignId.of(id))
                        : Optional.of(registry.campaign(account, CampaignId.of(id)));
                yield campaign.map(c -> new Item("campaign", id, c.registration().accountId().value(),
                        c.status().name().toLowerCase(Locale.ROOT), c.statusReason(),
                        c.registration().useCase() + " of brand " + c.registration().brandId().value()));
            }
            case "number" -> {
                PhoneNumber number = PhoneNumber.of(id);
                var found = operator ? registry.findNumber(number) : Optional.of(registry.number(account, number));
                yield found.map(n -> new Item("number", number.e164(), n.accountId() == null ? "" : n.accountId().value(),
                        n.campaignId() == null ? "unassigned" : "assigned to " + n.campaignId().value(), null,
                        n.type() + (n.type() == io.attest.gateway.domain.number.NumberType.TOLL_FREE
                                ? (n.tollFreeVerified() ? ", verified" : ", not verified") : "")));
            }
            default -> throw new IllegalArgumentException("kind is brand, campaign or number");
        };
    }

    /**
     * An operator's decision: without {@code confirmed} it is shown on a confirmation page, with it recorded.
     *
     * @param action approve, reject, suspend, expire (campaign); suspend, vet (brand); verify (toll-free number)
     */
    @PostMapping("/console/registry/decision")
    String decide(@AuthenticationPrincipal OidcUser user, Model model, @RequestParam("kind") String kind,
                  @RequestParam("id") String id, @RequestParam("action") String action,
                  @RequestParam(name = "reason", required = false) String reason,
                  @RequestParam(name = "trustScore", required = false) Integer trustScore,
                  @RequestParam(name = "identityVerified", required = false) String identityVerified,
                  @RequestParam(name = "confirmed", required = false) String confirmed) {
        ConsoleUser.signedIn(user, model, accountClaim);
        if (confirmed == null) {
            model.addAttribute("kind", kind);
            model.addAttribute("id", id);
            model.addAttribute("action", action);
            model.addAttribute("reason", reason);
            model.addAttribute("trustScore", trustScore);
            model.addAttribute("identityVerified", identityVerified != null);
            return "console/registry-confirm";
        }
        String why = reason == null || reason.isBlank() ? null : reason.trim();
        try {
            switch (kind + ":" + action) {
                case "campaign:approve", "campaign:reject", "campaign:suspend", "campaign:expire" ->
                        registry.decideCampaign(CampaignId.of(id), DecideCampaignCommand.Decision.valueOf(
                                action.toUpperCase(Locale.ROOT)), why);
                case "brand:suspend" -> registry.suspendBrand(BrandId.of(id), why);
                case "brand:vet" -> registry.recordVetting(BrandId.of(id), identityVerified != null,
                        trustScore == null ? 0 : trustScore, why);
                case "number:verify" -> registry.verifyTollFree(PhoneNumber.of(id));
                default -> throw new IllegalArgumentException("no decision " + action + " for a " + kind);
            }
        } catch (InvalidInputException | IllegalArgumentException | IllegalTransitionException | NotFoundException e) {
            String page = registry(user, model, kind, id, null, null);
            model.addAttribute("problems", List.of(e.getMessage()));
            return page;
        }
        return "redirect:/console/registry?kind=" + kind + "&id=" + URLEncoder.encode(id, StandardCharsets.UTF_8);
    }
}
