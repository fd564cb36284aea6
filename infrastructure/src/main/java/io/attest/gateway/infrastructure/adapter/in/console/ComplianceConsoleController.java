package io.attest.gateway.infrastructure.adapter.in.console;

import io.attest.gateway.application.audit.port.in.AuditCheckpointQuery;
import io.attest.gateway.application.audit.port.in.ExportAuditBundleUseCase;
import io.attest.gateway.application.audit.port.in.VerifyAuditTrailQuery;
import io.attest.gateway.application.compliance.port.in.ManageConsentUseCase;
import io.attest.gateway.application.shared.NotFoundException;
import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.consent.OptInRecorded;
import io.attest.gateway.domain.consent.OptOutMethod;
import io.attest.gateway.domain.consent.OptOutRecorded;
import io.attest.gateway.domain.consent.RevocationScope;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The compliance pages (docs/console.md): a subscriber's consent with its whole history and evidence, an opt-out
 * recorded by hand; the audit chain's verification and checkpoints, and signed exports with their progress.
 */
@Controller
class ComplianceConsoleController {

    private final ManageConsentUseCase consents;
    private final VerifyAuditTrailQuery verification;
    private final AuditCheckpointQuery checkpoints;
    private final ExportAuditBundleUseCase exports;
    private final String accountClaim;

    ComplianceConsoleController(ManageConsentUseCase consents, VerifyAuditTrailQuery verification,
                                AuditCheckpointQuery checkpoints, ExportAuditBundleUseCase exports,
                                @Value("${gateway.security.account-claim:account}") String accountClaim) {
        this.consents = consents;
        this.verification = verification;
        this.checkpoints = checkpoints;
        this.exports = exports;
        this.accountClaim = accountClaim;
    }

    /** One step of a subscriber's consent history, in words. */
    record HistoryStep(long sequence, Instant at, String kind, String campaign, String what, String evidence,
                       String recordedBy) {
    }

    @GetMapping("/console/consent")
    String consent(@AuthenticationPrincipal OidcUser user, Model model,
                   @RequestParam(name = "brand", required = false) String brand,
                   @RequestParam(name = "subscriber", required = false) String subscriber) {
        AccountId account = ConsoleUser.signedIn(user, model, accountClaim);
        model.addAttribute("brand", brand);
        model.addAttribute("subscriber", subscriber);
        model.addAttribute("problems", List.of());
        if (brand == null || brand.isBlank() || subscriber == null || subscriber.isBlank()) {
            return "console/consent";
        }
        try {
            show(model, consents.consent(account, BrandId.of(brand.trim()), PhoneNumber.of(subscriber.trim())));
        } catch (InvalidInputException | IllegalArgumentException | NotFoundException e) {
            model.addAttribute("problems", List.of(e.getMessage()));
        }
        return "console/consent";
    }

    private static void show(Model model, io.attest.gateway.application.compliance.ConsentView view) {
        model.addAttribute("view", view);
        List<HistoryStep> steps = new ArrayList<>();
        for (var recorded : view.history()) {
            switch (recorded.event()) {
                case OptInRecorded e -> steps.add(new HistoryStep(recorded.sequence(), recorded.at(), "opt-in",
                        e.campaignId().value(), e.kind().name() + " consent",
                        e.evidence() == null ? "" : e.evidence().channel() + ": \u201c" + e.evidence().consentGiven()
                                + "\u201d; disclosure shown: \u201c" + e.evidence().disclosureShown() + "\u201d"
                                + (e.evidence().disclosureSha256() == null ? "" : " (SHA-256 "
                                + e.evidence().disclosureSha256().substring(0, 12) + "\u2026)"),
                        e.recordedBy()));
                case OptOutRecorded e -> steps.add(new HistoryStep(recorded.sequence(), recorded.at(), "opt-out",
                        e.campaignId() == null ? "every campaign of the brand" : e.campaignId().value(),
                        e.scope() + " revocation by " + e.method() + (e.alreadyOptedOut() ? " (already opted out)" : ""),
                        (e.subscriberWords() == null ? "" : "words: \u201c" + e.subscriberWords() + "\u201d")
                                + (e.matchedRule() == null ? "" : "; matched rule " + e.matchedRule()),
                        e.recordedBy()));
                default -> {
                }
            }
        }
        model.addAttribute("steps", steps);
    }

    /** An opt-out recorded by hand (a call, an email, an agent's note): the words, and the campaign or the brand. */
    @PostMapping("/console/consent/opt-out")
    String optOut(@AuthenticationPrincipal OidcUser user, Model model, @RequestParam("brand") String brand,
                  @RequestParam("subscriber") String subscriber,
                  @RequestParam(name = "campaign", required = false) String campaign,
                  @RequestParam(name = "words", required = false) String words,
                  @RequestParam(name = "confirm", required = false) String confirm) {
        AccountId account = ConsoleUser.signedIn(user, model, accountClaim);
        model.addAttribute("brand", brand);
        model.addAttribute("subscriber", subscriber);
        if (confirm == null) {
            String page = consent(user, model, brand, subscriber);
            model.addAttribute("problems", List.of("Tick the box to confirm the opt-out; nothing was recorded"));
            return page;
        }
        try {
            boolean wholeBrand = campaign == null || campaign.isBlank();
            consents.optOut(account, "console:" + user.getSubject(), new ManageConsentUseCase.OptOut(
                    BrandId.of(brand.trim()), PhoneNumber.of(subscriber.trim()),
                    wholeBrand ? null : CampaignId.of(campaign.trim()),
                    wholeBrand ? RevocationScope.BRAND : RevocationScope.CAMPAIGN, OptOutMethod.AGENT,
                    words == null || words.isBlank() ? null : words.trim()));
        } catch (InvalidInputException | IllegalArgumentException | NotFoundException e) {
            model.addAttribute("problems", List.of(e.getMessage()));
            return "console/consent";
        }
        return "redirect:/console/consent?brand=" + java.net.URLEncoder.encode(brand.trim(),
                java.nio.charset.StandardCharsets.UTF_8) + "&subscriber=" + java.net.URLEncoder.encode(subscriber.trim(),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    @GetMapping("/console/audit")
    String audit(@AuthenticationPrincipal OidcUser user, Model model) {
        AccountId account = ConsoleUser.signedIn(user, model, accountClaim);
        model.addAttribute("chain", verification.verify(account));
        model.addAttribute("checkpoints", checkpoints.checkpoints(account, 0, 500).reversed().stream().limit(20)
                .toList());
        model.addAttribute("problems", List.of());
        return "console/audit";
    }

    /** Requests a signed export; its page shows its progress until the bundle can be downloaded. */
    @PostMapping("/console/audit/exports")
    String requestExport(@AuthenticationPrincipal OidcUser user, Model model,
                         @RequestParam(name = "subscriber", required = false) String subscriber,
                         @RequestParam(name = "campaign", required = false) String campaign,
                         @RequestParam(name = "from", required = false) String from,
                         @RequestParam(name = "to", required = false) String to) {
        AccountId account = ConsoleUser.signedIn(user, model, accountClaim);
        try {
            var job = exports.request(account, user.getPreferredUsername() != null ? user.getPreferredUsername()
                    : user.getSubject(), new ExportAuditBundleUseCase.ExportQuery(blank(subscriber), blank(campaign),
                    date(from, "From"), date(to, "To")));
            return "redirect:/console/audit/exports/" + job.id();
        } catch (InvalidInputException | IllegalArgumentException e) {
            model.addAttribute("chain", verification.verify(account));
            model.addAttribute("checkpoints", List.of());
            model.addAttribute("problems", List.of(e.getMessage()));
            return "console/audit";
        }
    }

    @GetMapping("/console/audit/exports/{id}")
    String export(@AuthenticationPrincipal OidcUser user, Model model, @PathVariable("id") String id) {
        AccountId account = ConsoleUser.signedIn(user, model, accountClaim);
        try {
            model.addAttribute("job", exports.job(account, id));
        } catch (NotFoundException e) {
            throw new ConsoleController.NotFound();
        }
        return "console/audit-export";
    }

    @GetMapping("/console/audit/exports/{id}/bundle")
    ResponseEntity<FileSystemResource> bundle(@AuthenticationPrincipal OidcUser user, @PathVariable("id") String id) {
        AccountId account = AccountId.of(user.getClaimAsString(accountClaim));
        try {
            var file = exports.bundle(account, id);
            return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                    .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-" + id + ".zip\"")
                    .body(new FileSystemResource(file));
        } catch (NotFoundException e) {
            throw new ConsoleController.NotFound();
        }
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Instant date(String value, String label) {
        if (blank(value) == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim()).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(label + ": '" + value + "' is not a date such as 2026-12-01");
        }
    }
}
