package io.attest.gateway.infrastructure.adapter.in.console;

import io.attest.gateway.application.message.port.in.GetMessageQuery;
import io.attest.gateway.application.message.port.in.MessageView;
import io.attest.gateway.application.message.port.in.SearchMessagesQuery;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The console's pages (docs/console.md), server-rendered: the signed-in person acts for the account of their ID token,
 * through the same use cases as the API; another account's messages are never found.
 */
@Controller
class ConsoleController {

    static final int PAGE = 50;

    private final SearchMessagesQuery search;
    private final GetMessageQuery messages;
    private final io.attest.gateway.application.message.port.in.MessageDashboardQuery dashboard;
    private final String accountClaim;

    ConsoleController(SearchMessagesQuery search, GetMessageQuery messages,
                      io.attest.gateway.application.message.port.in.MessageDashboardQuery dashboard,
                      @Value("${gateway.security.account-claim:account}") String accountClaim) {
        this.search = search;
        this.messages = messages;
        this.dashboard = dashboard;
        this.accountClaim = accountClaim;
    }

    /** One stacked piece of the hourly chart: an SVG rectangle (attributes, not styles: the CSP allows no inline style). */
    record Bar(int x, int y, int width, int height, String status, String title) {
    }

    static final List<String> CHART_ORDER = List.of("delivered", "submitted", "accepted", "scheduled", "held",
            "failed", "expired", "blocked", "cancelled");

    /** Home: for account users and officers, the last 24 hours at a glance. */
    @GetMapping("/console")
    String home(@AuthenticationPrincipal OidcUser user, Model model) {
        AccountId account = signedIn(user, model);
        @SuppressWarnings("unchecked")
        List<String> roles = (List<String>) model.getAttribute("roles");
        if (roles.contains("account-user") || roles.contains("compliance-officer")) {
            Instant now = Instant.now();
            Instant first = now.truncatedTo(java.time.temporal.ChronoUnit.HOURS).minus(java.time.Duration.ofHours(23));
            var figures = dashboard.dashboard(account, first);
            java.util.Map<Instant, java.util.Map<String, Long>> byHour = new java.util.TreeMap<>();
            figures.perHour().forEach(c -> byHour.computeIfAbsent(c.hour(), h -> new java.util.HashMap<>())
                    .merge(c.status(), c.messages(), Long::sum));
            long most = byHour.values().stream().mapToLong(m -> m.values().stream().mapToLong(Long::longValue).sum())
                    .max().orElse(0);
            List<Bar> bars = new ArrayList<>();
            int height = 160;
            for (int slot = 0; slot < 24; slot++) {
                Instant hour = first.plus(java.time.Duration.ofHours(slot));
                var counts = byHour.getOrDefault(hour, java.util.Map.of());
                int y = height;
                for (String status : CHART_ORDER) {
                    long n = counts.getOrDefault(status, 0L);
                    if (n == 0) {
                        continue;
                    }
                    int h = (int) Math.max(1, Math.round((double) n * (height - 10) / most));
                    y -= h;
                    bars.add(new Bar(slot * 30 + 4, y, 22, h, status, hour.toString().substring(11, 16) + " UTC: "
                            + n + " " + status));
                }
            }
            long total = figures.perHour().stream().mapToLong(c -> c.messages()).sum();
            java.util.Map<String, Long> byStatus = new java.util.LinkedHashMap<>();
            CHART_ORDER.forEach(status -> {
                long n = figures.perHour().stream().filter(c -> c.status().equals(status)).mapToLong(c -> c.messages()).sum();
                if (n > 0) {
                    byStatus.put(status, n);
                }
            });
            model.addAttribute("bars", bars);
            model.addAttribute("total", total);
            model.addAttribute("byStatus", byStatus);
            model.addAttribute("blockedByRule", figures.blockedByRule());
            model.addAttribute("latency", figures.latency());
            model.addAttribute("firstHour", first.toString().substring(11, 16));
        }
        return "console/home";
    }

    /** The search of the account's messages, newest first, as {@code GET /v1/messages} searches. */
    @GetMapping("/console/messages")
    String messages(@AuthenticationPrincipal OidcUser user, Model model,
                    @RequestParam(name = "direction", defaultValue = "outbound") String direction,
                    @RequestParam(name = "to", required = false) String to,
                    @RequestParam(name = "from", required = false) String from,
                    @RequestParam(name = "status", required = false) String status,
                    @RequestParam(name = "since", required = false) String since,
                    @RequestParam(name = "until", required = false) String until,
                    @RequestParam(name = "cursor", required = false) String cursor) {
        AccountId account = signedIn(user, model);
        model.addAttribute("direction", direction);
        model.addAttribute("to", blankToNull(to));
        model.addAttribute("from", blankToNull(from));
        model.addAttribute("status", blankToNull(status));
        model.addAttribute("since", blankToNull(since));
        model.addAttribute("until", blankToNull(until));
        model.addAttribute("statuses", java.util.Arrays.stream(MessageStatus.values())
                .map(s -> s.name().toLowerCase(Locale.ROOT)).toList());
        List<String> problems = new ArrayList<>();
        SearchMessagesQuery.Direction which = "inbound".equals(direction) ? SearchMessagesQuery.Direction.INBOUND
                : SearchMessagesQuery.Direction.OUTBOUND;
        String toNumber = number(to, "To", problems);
        String fromNumber = number(from, "From", problems);
        Set<MessageStatus> statuses = EnumSet.noneOf(MessageStatus.class);
        if (blankToNull(status) != null && which == SearchMessagesQuery.Direction.OUTBOUND) {
            try {
                statuses.add(MessageStatus.valueOf(status.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                problems.add("Status: '" + status + "' is not a message status");
            }
        }
        Instant sinceAt = instant(since, "Since", problems);
        Instant untilAt = instant(until, "Until", problems);
        if (sinceAt != null && untilAt != null && !untilAt.isAfter(sinceAt)) {
            problems.add("Until must be after Since");
        }
        model.addAttribute("problems", problems);
        if (!problems.isEmpty()) {
            model.addAttribute("found", List.of());
            return "console/messages";
        }
        try {
            var page = search.search(new SearchMessagesQuery.Search(account, which, toNumber, fromNumber, statuses, null,
                    sinceAt, untilAt, blankToNull(cursor), PAGE));
            model.addAttribute("found", page.messages());
            model.addAttribute("nextCursor", page.nextCursor());
        } catch (InvalidInputException e) {
            model.addAttribute("problems", List.of(e.getMessage()));
            model.addAttribute("found", List.of());
        }
        return "console/messages";
    }

    /** A message with its whole delivery timeline: the decision with its rule and facts, attempts, receipts, webhooks. */
    @GetMapping("/console/messages/{id}")
    String message(@AuthenticationPrincipal OidcUser user, Model model, @PathVariable("id") String id) {
        AccountId account = signedIn(user, model);
        MessageId messageId;
        try {
            messageId = MessageId.of(id);
        } catch (IllegalArgumentException e) {
            throw new NotFound();
        }
        MessageView view = messages.find(account, messageId).orElseThrow(NotFound::new);
        model.addAttribute("message", view);
        return "console/message";
    }

    @GetMapping("/console/forbidden")
    @ResponseStatus(HttpStatus.FORBIDDEN)
    String forbidden(@AuthenticationPrincipal OidcUser user, Model model) {
        signedIn(user, model);
        return "console/forbidden";
    }

    @GetMapping("/console/signed-out")
    String signedOut() {
        return "console/signed-out";
    }

    @ResponseStatus(HttpStatus.NOT_FOUND)
    static final class NotFound extends RuntimeException {
        NotFound() {
            super("no such message in this account");
        }
    }

    private AccountId signedIn(OidcUser user, Model model) {
        return ConsoleUser.signedIn(user, model, accountClaim);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String number(String value, String label, List<String> problems) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return PhoneNumber.of(value.trim()).e164();
        } catch (RuntimeException e) {
            problems.add(label + ": '" + value + "' is not a phone number in E.164 (+15557654321)");
            return null;
        }
    }

    private static Instant instant(String value, String label, List<String> problems) {
        if (blankToNull(value) == null) {
            return null;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            try {
                return java.time.LocalDate.parse(value.trim()).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
            } catch (DateTimeParseException notADate) {
                problems.add(label + ": '" + value + "' is not a date (2026-12-01) or an instant (2026-12-01T09:00:00Z)");
                return null;
            }
        }
    }
}
