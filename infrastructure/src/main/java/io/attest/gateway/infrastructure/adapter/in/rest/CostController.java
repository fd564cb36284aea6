package io.attest.gateway.infrastructure.adapter.in.rest;

import io.attest.gateway.application.cost.SpendLimit;
import io.attest.gateway.application.cost.port.in.CarrierTableUseCase;
import io.attest.gateway.application.cost.port.in.CostReportQuery;
import io.attest.gateway.application.cost.port.in.RateCardsUseCase;
import io.attest.gateway.application.cost.port.in.SpendLimitsUseCase;
import io.attest.gateway.application.shared.NotFoundException;
import io.attest.gateway.domain.cost.Money;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.infrastructure.config.RateCardDocument;
import io.attest.gateway.infrastructure.security.AccountResolver;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * Costs (docs/costs.md): the rate cards, read by every account and added by the operator; the carrier lookup's tables,
 * loaded by the operator; the accounts' spend limits, set by the operator and read by each account for itself; the
 * cost reports of the caller's own account.
 */
@RestController
class CostController {

    /** The longest period a report covers. */
    static final Duration MAX_REPORT = Duration.ofDays(366);

    private final RateCardsUseCase rateCards;
    private final CarrierTableUseCase carriers;
    private final SpendLimitsUseCase limits;
    private final CostReportQuery reports;
    private final AccountResolver accounts;

    CostController(RateCardsUseCase rateCards, CarrierTableUseCase carriers, SpendLimitsUseCase limits,
                   CostReportQuery reports, AccountResolver accounts) {
        this.rateCards = rateCards;
        this.carriers = carriers;
        this.limits = limits;
        this.reports = reports;
        this.accounts = accounts;
    }

    // --- rate cards

    /** Every card, the built-in one first (effective from the epoch), with the one in force now. */
    @GetMapping("/v1/rate-cards")
    RateCardList rateCards() {
        Instant now = Instant.now();
        return new RateCardList(rateCards.inForce(now).effectiveFrom(),
                rateCards.all().stream().map(RateCardDocument::of).toList());
    }

    @GetMapping("/v1/rate-cards/current")
    RateCardDocument currentRateCard() {
        return RateCardDocument.of(rateCards.inForce(Instant.now()));
    }

    @PostMapping("/v1/rate-cards")
    ResponseEntity<RateCardDocument> addRateCard(@AuthenticationPrincipal Jwt jwt, @RequestBody RateCardDocument card) {
        RequestBodies.require(card);
        if (card.effectiveFrom() == null) {
            throw new InvalidInputException(ErrorCode.INVALID_RATE_CARD, "effectiveFrom is required: the moment the "
                    + "card applies from (an ISO-8601 instant)");
        }
        var parsed = card.toCard(card.effectiveFrom());
        rateCards.add(parsed, AuditController.requester(jwt));
        return ResponseEntity.created(URI.create("/v1/rate-cards")).body(RateCardDocument.of(parsed));
    }

    record RateCardList(Instant inForce, List<RateCardDocument> cards) {
    }

    // --- the carrier lookup's tables

    @PutMapping(value = "/v1/carrier-table/blocks", consumes = "text/csv")
    LoadResponse loadBlocks(@RequestBody byte[] csv) {
        return new LoadResponse(carriers.load(reader(csv), false));
    }

    @PutMapping(value = "/v1/carrier-table/ported-numbers", consumes = "text/csv")
    LoadResponse loadPorted(@RequestBody byte[] csv) {
        return new LoadResponse(carriers.load(reader(csv), true));
    }

    @GetMapping("/v1/carrier-table/lookup")
    CarrierTableUseCase.Lookup lookup(@RequestParam("number") String number) {
        return carriers.lookup(number);
    }

    private static java.io.Reader reader(byte[] csv) {
        return new InputStreamReader(new java.io.ByteArrayInputStream(csv), StandardCharsets.UTF_8);
    }

    record LoadResponse(int stored) {
    }

    // --- spend limits

    @PutMapping("/v1/accounts/{accountId}/spend-limit")
    SpendResponse setLimit(@AuthenticationPrincipal Jwt jwt, @PathVariable("accountId") String accountId,
                           @RequestBody SpendLimitRequest request) {
        RequestBodies.require(request);
        AccountId account = account(accountId);
        SpendLimit limit;
        try {
            String currency = request.currency() == null ? "USD" : request.currency();
            limit = new SpendLimit(money(request.daily(), currency, "daily"), money(request.monthly(), currency, "monthly"),
                    request.thresholds());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(ErrorCode.INVALID_SPEND_LIMIT, e.getMessage());
        }
        limits.set(account, limit, AuditController.requester(jwt));
        return SpendResponse.of(limits.spendOf(account));
    }

    @DeleteMapping("/v1/accounts/{accountId}/spend-limit")
    ResponseEntity<Void> removeLimit(@PathVariable("accountId") String accountId) {
        if (!limits.remove(account(accountId))) {
            throw new NotFoundException("spend-limit-not-found", "account " + accountId + " has no spend limit");
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/v1/accounts/{accountId}/spend")
    SpendResponse spendOfAccount(@PathVariable("accountId") String accountId) {
        return SpendResponse.of(limits.spendOf(account(accountId)));
    }

    /** The caller's own account: its limit, and what it committed to spend today and this month. */
    @GetMapping("/v1/spend")
    SpendResponse spend(@AuthenticationPrincipal Jwt jwt) {
        return SpendResponse.of(limits.spendOf(accounts.accountOf(jwt)));
    }

    private static AccountId account(String value) {
        try {
            return AccountId.of(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, e.getMessage());
        }
    }

    private static Money money(String amount, String currency, String field) {
        if (amount == null) {
            return null;
        }
        try {
            return Money.of(amount.trim(), currency);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " is a decimal amount such as \"250.00\", not \"" + amount + "\"");
        }
    }

    /** @param daily and monthly: decimal strings; at least one. @param thresholds percentages; default 80 and 100 */
    record SpendLimitRequest(String daily, String monthly, String currency, List<Integer> thresholds) {
    }

    record SpendResponse(String accountId, String currency, String dailyLimit, String monthlyLimit,
                         List<Integer> thresholds, LocalDate day, String spentToday, String spentThisMonth,
                         String dailyRemaining, String monthlyRemaining) {

        static SpendResponse of(SpendLimitsUseCase.Spend spend) {
            var limit = spend.limit();
            return new SpendResponse(spend.account().value(), spend.spentToday().currency().getCurrencyCode(),
                    limit == null || limit.daily() == null ? null : limit.daily().plain(),
                    limit == null || limit.monthly() == null ? null : limit.monthly().plain(),
                    limit == null ? List.of() : limit.thresholds(), spend.day(), spend.spentToday().plain(),
                    spend.spentThisMonth().plain(),
                    spend.dailyRemaining() == null ? null : spend.dailyRemaining().plain(),
                    spend.monthlyRemaining() == null ? null : spend.monthlyRemaining().plain());
        }
    }

    // --- reports

    /**
     * What the caller's account was charged from {@code since} (default: the start of this UTC month) until
     * {@code until} (default: now), grouped by {@code day}, {@code campaign}, {@code carrier}, {@code route} or
     * {@code direction}.
     */
    @GetMapping("/v1/costs")
    CostReportQuery.Report costs(@AuthenticationPrincipal Jwt jwt,
                                 @RequestParam(name = "since", required = false) String since,
                                 @RequestParam(name = "until", required = false) String until,
                                 @RequestParam(name = "groupBy", defaultValue = "day") String groupBy) {
        Period period = period(since, until);
        return reports.report(accounts.accountOf(jwt), period.since(), period.until(), groupBy(groupBy));
    }

    /** Every charge of the period as CSV, oldest first, streamed. */
    @GetMapping(value = "/v1/costs/export", produces = "text/csv")
    ResponseEntity<StreamingResponseBody> export(@AuthenticationPrincipal Jwt jwt,
                                                 @RequestParam(name = "since", required = false) String since,
                                                 @RequestParam(name = "until", required = false) String until) {
        AccountId account = accounts.accountOf(jwt);
        Period period = period(since, until); // checked before the first byte
        StreamingResponseBody body = out -> {
            var writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            writer.write("charged_at,message_id,direction,campaign_id,carrier,route,traffic_class,segments,"
                    + "per_segment,carrier_fee,amount,currency\r\n");
            reports.forEachCharge(account, period.since(), period.until(), charge -> {
                try {
                    writer.write(String.join(",", charge.at().toString(), charge.messageId(), charge.direction(),
                            MessageCsv.cell(charge.campaignId()), MessageCsv.cell(charge.carrier()),
                            MessageCsv.cell(charge.route()), charge.trafficClass(), String.valueOf(charge.segments()),
                            charge.perSegment().toPlainString(), charge.carrierFee().toPlainString(),
                            charge.amount().toPlainString(), charge.currency()) + "\r\n");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.flush();
        };
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"costs.csv\"")
                .body(body);
    }

    private record Period(Instant since, Instant until) {
    }

    private static Period period(String since, String until) {
        Instant now = Instant.now();
        Instant from = since == null ? now.atOffset(ZoneOffset.UTC).toLocalDate().withDayOfMonth(1)
                .atStartOfDay().toInstant(ZoneOffset.UTC) : instant(since, "since");
        Instant to = until == null ? now : instant(until, "until");
        if (!from.isBefore(to)) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "since (" + from + ") is before until (" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_REPORT) > 0) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "a report covers at most "
                    + MAX_REPORT.toDays() + " days");
        }
        return new Period(from, to);
    }

    private static Instant instant(String value, String field) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                return LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notADate) {
                throw new InvalidInputException(ErrorCode.INVALID_REQUEST, field + " is an ISO-8601 instant "
                        + "(2026-12-01T00:00:00Z) or a date (2026-12-01, midnight UTC), not '" + value + "'");
            }
        }
    }

    private static CostReportQuery.GroupBy groupBy(String value) {
        try {
            return CostReportQuery.GroupBy.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "groupBy is day, campaign, carrier, route or "
                    + "direction, not '" + value + "'");
        }
    }
}
