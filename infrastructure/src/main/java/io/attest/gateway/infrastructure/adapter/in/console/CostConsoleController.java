package io.attest.gateway.infrastructure.adapter.in.console;

import io.attest.gateway.application.cost.port.in.CostReportQuery;
import io.attest.gateway.application.cost.port.in.SpendLimitsUseCase;
import io.attest.gateway.domain.shared.AccountId;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Costs in the console (docs/costs.md): what the account was charged, grouped, its spend limits and what is left. */
@Controller
class CostConsoleController {

    private final CostReportQuery reports;
    private final SpendLimitsUseCase spend;
    private final String accountClaim;

    CostConsoleController(CostReportQuery reports, SpendLimitsUseCase spend,
                          @Value("${gateway.security.account-claim:account}") String accountClaim) {
        this.reports = reports;
        this.spend = spend;
        this.accountClaim = accountClaim;
    }

    private record Period(Instant since, Instant until, List<String> problems) {
    }

    private static Period period(String since, String until) {
        List<String> problems = new ArrayList<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = parse(since, "Since", today.withDayOfMonth(1), problems);
        LocalDate to = parse(until, "Until", today.plusDays(1), problems);
        if (!from.isBefore(to)) {
            problems.add("Until must be after Since");
        } else if (from.plusDays(366).isBefore(to)) {
            problems.add("A report covers at most 366 days");
        }
        return new Period(from.atStartOfDay().toInstant(ZoneOffset.UTC), to.atStartOfDay().toInstant(ZoneOffset.UTC),
                problems);
    }

    private static LocalDate parse(String value, String label, LocalDate otherwise, List<String> problems) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return LocalDate.parse(value.trim());
        } catch (DateTimeParseException e) {
            problems.add(label + ": '" + value + "' is not a date such as 2026-12-01");
            return otherwise;
        }
    }

    @GetMapping("/console/costs")
    String costs(@AuthenticationPrincipal OidcUser user, Model model,
                 @RequestParam(name = "since", required = false) String since,
                 @RequestParam(name = "until", required = false) String until,
                 @RequestParam(name = "groupBy", defaultValue = "day") String groupBy) {
        AccountId account = ConsoleUser.signedIn(user, model, accountClaim);
        Period period = period(since, until);
        CostReportQuery.GroupBy grouping;
        try {
            grouping = CostReportQuery.GroupBy.valueOf(groupBy.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            grouping = CostReportQuery.GroupBy.DAY;
        }
        model.addAttribute("since", period.since().toString().substring(0, 10));
        model.addAttribute("until", period.until().toString().substring(0, 10));
        model.addAttribute("groupBy", grouping.name().toLowerCase(Locale.ROOT));
        model.addAttribute("problems", period.problems());
        model.addAttribute("spend", spend.spendOf(account));
        if (period.problems().isEmpty()) {
            model.addAttribute("report", reports.report(account, period.since(), period.until(), grouping));
        }
        return "console/costs";
    }

    /** Every charge of the period as CSV, oldest first, streamed: the same as GET /v1/costs/export. */
    @GetMapping(value = "/console/costs.csv", produces = "text/csv")
    ResponseEntity<StreamingResponseBody> csv(@AuthenticationPrincipal OidcUser user,
                                              @RequestParam(name = "since", required = false) String since,
                                              @RequestParam(name = "until", required = false) String until) {
        AccountId account = AccountId.of(user.getClaimAsString(accountClaim));
        Period period = period(since, until);
        if (!period.problems().isEmpty()) {
            return ResponseEntity.badRequest().build();
        }
        StreamingResponseBody body = out -> {
            var writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            writer.write("charged_at,message_id,direction,campaign_id,carrier,route,traffic_class,segments,"
                    + "per_segment,carrier_fee,amount,currency\r\n");
            reports.forEachCharge(account, period.since(), period.until(), charge -> {
                try {
                    writer.write(String.join(",", charge.at().toString(), charge.messageId(), charge.direction(),
                            BulkSendController.cell(charge.campaignId()), BulkSendController.cell(charge.carrier()),
                            BulkSendController.cell(charge.route()), charge.trafficClass(),
                            String.valueOf(charge.segments()), charge.perSegment().toPlainString(),
                            charge.carrierFee().toPlainString(), charge.amount().toPlainString(), charge.currency())
                            + "\r\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.flush();
        };
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"costs.csv\"").body(body);
    }
}
