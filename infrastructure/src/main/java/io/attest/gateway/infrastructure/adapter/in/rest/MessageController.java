package io.attest.gateway.infrastructure.adapter.in.rest;

import io.attest.gateway.application.idempotency.port.in.IdempotentRequestUseCase;
import io.attest.gateway.application.message.port.in.GetMessageQuery;
import io.attest.gateway.application.message.port.in.MessageView;
import io.attest.gateway.application.message.port.in.SendMessageUseCase;
import io.attest.gateway.application.message.port.in.SendMessageUseCase.AcceptedMessage;
import io.attest.gateway.application.message.port.in.SendMessageUseCase.SendMessage;
import io.attest.gateway.domain.compliance.ComplianceDecision;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.shared.PhoneNumber;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.RequestHeader;
import tools.jackson.databind.json.JsonMapper;

import java.util.Map;
import java.util.regex.Pattern;
import io.attest.gateway.infrastructure.security.AccountResolver;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;
import io.attest.gateway.application.message.port.in.SearchMessagesQuery;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** {@code /v1/messages}: send a message, read one back with its delivery timeline. */
@RestController
@RequestMapping("/v1/messages")
class MessageController {

    private final SendMessageUseCase sendMessage;
    private final GetMessageQuery getMessage;
    private final AccountResolver accounts;
    private final IdempotentRequestUseCase idempotency;
    private final JsonMapper json;
    private final io.attest.gateway.application.events.port.in.EventFeedQuery feed;
    private final io.attest.gateway.application.message.port.in.CancelMessageUseCase cancelMessage;
    private final SearchMessagesQuery search;

    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9_:-]{1,255}");

    MessageController(SendMessageUseCase sendMessage, GetMessageQuery getMessage, AccountResolver accounts,
                      IdempotentRequestUseCase idempotency, JsonMapper json,
                      io.attest.gateway.application.events.port.in.EventFeedQuery feed,
                      io.attest.gateway.application.message.port.in.CancelMessageUseCase cancelMessage,
                      SearchMessagesQuery search) {
        this.search = search;
        this.feed = feed;
        this.cancelMessage = cancelMessage;
        this.sendMessage = sendMessage;
        this.getMessage = getMessage;
        this.accounts = accounts;
        this.idempotency = idempotency;
        this.json = json;
    }

    /**
     * With an {@code Idempotency-Key} header (1-255 of [A-Za-z0-9_:-]), a retry with the same key and body gets
     * the first response again (header {@code Idempotent-Replayed: true}), and creates nothing.
     */
    @PostMapping
    ResponseEntity<?> send(@AuthenticationPrincipal Jwt jwt,
                           @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
                           @RequestBody SendRequest request) {
        if (request == null) {
            throw new MissingBodyException();
        }
        AccountId account = accounts.accountOf(jwt);
        if (idempotencyKey == null) {
            return sendNow(account, request, null);
        }
        if (!IDEMPOTENCY_KEY.matcher(idempotencyKey).matches()) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST,
                    "Idempotency-Key must be 1-255 characters of [A-Za-z0-9_:-]");
        }
        return switch (idempotency.begin(account, idempotencyKey, fingerprint(request))) {
            case IdempotentRequestUseCase.Proceed proceed -> {
                try {
                    ResponseEntity<AcceptedResponse> response = sendNow(account, request, MessageId.of(proceed.messageId()));
                    idempotency.complete(account, idempotencyKey, 202, json.writeValueAsString(response.getBody()),
                            response.getHeaders().getLocation().toString());
                    yield response;
                } catch (ComplianceBlockedException blocked) {
                    Map<String, Object> problem = ProblemResponses.blockedBody(blocked);
                    idempotency.complete(account, idempotencyKey, 422, json.writeValueAsString(problem), null);
                    yield ResponseEntity.unprocessableContent().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
                } catch (InvalidInputException | io.attest.gateway.application.limits.SendLimitReachedException refused) {
                    idempotency.abandon(account, idempotencyKey); // nothing was recorded: the key may be used again
                    throw refused;
                } catch (org.axonframework.commandhandling.CommandExecutionException failed) {
                    if (failed.getCause() instanceof InvalidInputException invalid) {
                        idempotency.abandon(account, idempotencyKey); // refused by the aggregate: nothing recorded
                        throw invalid;
                    }
                    throw failed;
                }
            }
            case IdempotentRequestUseCase.Replay replay -> {
                var response = ResponseEntity.status(replay.status())
                        .contentType(replay.status() >= 400 ? MediaType.APPLICATION_PROBLEM_JSON : MediaType.APPLICATION_JSON)
                        .header("Idempotent-Replayed", "true");
                if (replay.location() != null) {
                    response.location(URI.create(replay.location()));
                }
                yield response.body(replay.body());
            }
            case IdempotentRequestUseCase.Mismatch mismatch -> throw new IdempotencyKeyReusedException();
            case IdempotentRequestUseCase.InProgress inProgress -> throw new IdempotencyKeyInProgressException();
        };
    }

    /** The request's fields as the application fingerprints a send: "the same body" means the same message. */
    private static String fingerprint(SendRequest request) {
        return io.attest.gateway.application.idempotency.RequestFingerprint.ofSend(request.from(), request.to(),
                request.text(), request.campaignId(), request.webhookUrl(), RequestBodies.validFor(request.validFor()),
                RequestBodies.sendAt(request.sendAt()));
    }

    private ResponseEntity<AcceptedResponse> sendNow(AccountId account, SendRequest request, MessageId messageId) {
        AcceptedMessage accepted = sendMessage.send(new SendMessage(account, request.from(), request.to(), request.text(),
                request.campaignId() == null ? null : RequestBodies.campaignId(request.campaignId()), messageId,
                request.webhookUrl(), RequestBodies.validFor(request.validFor()), RequestBodies.sendAt(request.sendAt())));
        String id = accepted.messageId().value();
        if (accepted.decision() instanceof ComplianceDecision.Blocked blocked) {
            throw new ComplianceBlockedException(id, blocked, accepted.spendRefusal());
        }
        boolean scheduled = accepted.status() == MessageStatus.SCHEDULED;
        Instant heldUntil = !scheduled && accepted.decision() instanceof ComplianceDecision.Held held ? held.until() : null;
        return ResponseEntity.accepted()
                .location(URI.create("/v1/messages/" + id))
                .body(new AcceptedResponse(id, status(accepted.status()), encoding(accepted.encoding()),
                        accepted.segments(), request.from(), request.to(), heldUntil,
                        scheduled ? RequestBodies.sendAt(request.sendAt()) : null, CostView.of(accepted.estimate())));
    }

    /** What the send policy would decide now, with encoding and segments; nothing is sent or recorded. */
    @PostMapping("/dry-run")
    DryRunResponse dryRun(@AuthenticationPrincipal Jwt jwt, @RequestBody SendRequest request) {
        if (request == null) {
            throw new MissingBodyException();
        }
        // the same request a send takes, refused the same way: a dry run never answers "allowed" to what a send refuses
        return dryRunResponse(sendMessage.dryRun(dryRunRequest(accounts.accountOf(jwt), request)));
    }

    /** The request a send takes: a dry run refuses what a send refuses, never answering "allowed" to it. */
    static SendMessage dryRunRequest(AccountId account, SendRequest request) {
        return new SendMessage(account, request.from(), request.to(), request.text(),
                request.campaignId() == null ? null : RequestBodies.campaignId(request.campaignId()), null,
                request.webhookUrl(), RequestBodies.validFor(request.validFor()));
    }

    static DryRunResponse dryRunResponse(io.attest.gateway.application.message.port.in.SendMessageUseCase.DryRun dryRun) {
        var content = dryRun.content();
        String campaign = dryRun.campaignId() == null ? null : dryRun.campaignId().value();
        return switch (dryRun.decision()) {
            case ComplianceDecision.Allowed allowed -> new DryRunResponse("allowed", null, null, null, allowed.checks(),
                    campaign, encoding(content.encoding()), content.segments(), content.charactersForcingUcs2(),
                    CostView.of(dryRun.estimate()));
            case ComplianceDecision.Held held -> new DryRunResponse("held", held.rule().id(), held.reason(), held.until(),
                    List.of(), campaign, encoding(content.encoding()), content.segments(), content.charactersForcingUcs2(),
                    CostView.of(dryRun.estimate()));
            case ComplianceDecision.Blocked blocked -> new DryRunResponse("blocked", blocked.rule().id(),
                    blocked.reason(), null, List.of(), campaign, encoding(content.encoding()), content.segments(),
                    content.charactersForcingUcs2(), CostView.of(dryRun.estimate()));
        };
    }

    /**
     * Searches the account's messages, newest first: sent ones ({@code direction=outbound}, the default) by recipient,
     * sender, status (several), campaign and time, received ones ({@code direction=inbound}) by subscriber, receiving
     * number, campaign and time; paged by {@code cursor} ({@code nextCursor} of the page before). With {@code after}
     * instead, the messages in the order of the account's feed, oldest first, paged by {@code next}, as before the
     * search existed; the filters do not combine with it.
     */
    @GetMapping
    MessageList list(@AuthenticationPrincipal Jwt jwt, SearchFilters filters,
                     @RequestParam(name = "after", required = false) Long after,
                     @RequestParam(name = "limit", defaultValue = "100") int limit,
                     @RequestParam(name = "cursor", required = false) String cursor) {
        AccountId account = accounts.accountOf(jwt);
        boolean inbound = inbound(filters.direction());
        if (after == null) {
            var page = search.search(search(account, filters, cursor, limit));
            return new MessageList(page.messages().stream().map(MessageController::listed).toList(), null,
                    page.nextCursor());
        }
        if (filters.any() || cursor != null) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "after pages the account's feed, oldest first, "
                    + "and takes no filter; to search, leave after out and page with cursor");
        }
        RequestBodies.checkPage(after, limit);
        var events = feed.ofType(account, inbound ? "message.received" : "message.accepted", after, limit);
        Map<String, String> statuses = inbound ? Map.of()
                : feed.statusOf(account, events.stream().map(e -> e.messageId()).toList());
        List<ListedMessage> messages = events.stream().map(event -> {
            var data = json.readTree(event.data());
            String state = inbound ? "received" : statuses.containsKey(event.messageId())
                    ? statuses.get(event.messageId()).toLowerCase(Locale.ROOT) : "accepted";
            return new ListedMessage(event.messageId(), inbound ? "inbound" : "outbound", data.path("from").asString(null),
                    data.path("to").asString(null), state, event.occurredAt(),
                    data.path("campaignId").asString(null), inbound ? data.path("text").asString(null) : null,
                    data.has("segments") ? data.get("segments").asInt() : null,
                    inbound ? data.path("intent").asString(null) : null, event.position());
        }).toList();
        return new MessageList(messages, messages.isEmpty() ? after : messages.getLast().position(), null);
    }

    /**
     * The same search as {@code GET /v1/messages}, every match as CSV, newest first, streamed as it is read (a
     * million rows do not sit in memory). Received messages' texts are in it; sent messages' texts are not.
     */
    @GetMapping(value = "/export", produces = "text/csv")
    ResponseEntity<StreamingResponseBody> export(@AuthenticationPrincipal Jwt jwt, SearchFilters filters) {
        AccountId account = accounts.accountOf(jwt);
        // checked before the first byte: a bad filter is a problem response, not a broken download
        var query = search(account, filters, null, 1);
        StreamingResponseBody body = out -> {
            var writer = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8));
            writer.write(MessageCsv.HEADER);
            search.forEach(query, found -> {
                try {
                    writer.write(MessageCsv.row(found));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.flush();
        };
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION,
                        "attachment; filename=\"messages-" + (inbound(filters.direction()) ? "inbound" : "outbound") + ".csv\"")
                .body(body);
    }

    private static boolean inbound(String direction) {
        return switch (direction) {
            case "inbound" -> true;
            case "outbound" -> false;
            default -> throw new InvalidInputException(ErrorCode.INVALID_REQUEST,
                    "direction is 'outbound' or 'inbound', not '" + direction + "'");
        };
    }

    /**
     * The filters of a search, from the query string ({@code ?to=…&status=delivered,failed}); {@code direction} is
     * {@code outbound} when absent.
     */
    record SearchFilters(String direction, String to, String from, List<String> status, String campaignId,
                         String since, String until) {

        SearchFilters {
            direction = direction == null ? "outbound" : direction;
        }

        boolean any() {
            return to != null || from != null || status != null || campaignId != null || since != null || until != null;
        }
    }

    private static SearchMessagesQuery.Search search(AccountId account, SearchFilters filters, String cursor, int limit) {
        boolean inbound = inbound(filters.direction());
        String to = filters.to();
        String from = filters.from();
        List<String> status = filters.status();
        String campaignId = filters.campaignId();
        String since = filters.since();
        String until = filters.until();
        if (limit < 1 || limit > SearchMessagesQuery.MAX_PAGE) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "limit must be 1 to " + SearchMessagesQuery.MAX_PAGE);
        }
        java.util.Set<MessageStatus> statuses = java.util.EnumSet.noneOf(MessageStatus.class);
        if (status != null) {
            for (String value : status) { // ?status=delivered,failed and ?status=delivered&status=failed alike
                for (String one : value.split(",")) {
                    if (!one.isBlank()) {
                        statuses.add(RequestBodies.enumValue(MessageStatus.class, one, "status"));
                    }
                }
            }
            if (inbound && !statuses.isEmpty()) {
                throw new InvalidInputException(ErrorCode.INVALID_REQUEST,
                        "received messages have no status to filter by; status is for direction=outbound");
            }
        }
        Instant sinceAt = instant(since, "since");
        Instant untilAt = instant(until, "until");
        if (sinceAt != null && untilAt != null && !untilAt.isAfter(sinceAt)) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "until must be after since");
        }
        return new SearchMessagesQuery.Search(account,
                inbound ? SearchMessagesQuery.Direction.INBOUND : SearchMessagesQuery.Direction.OUTBOUND,
                to == null ? null : PhoneNumber.of(to).e164(), from == null ? null : PhoneNumber.of(from).e164(),
                statuses, campaignId == null || campaignId.isBlank() ? null : campaignId.trim(), sinceAt, untilAt,
                cursor == null || cursor.isBlank() ? null : cursor, limit);
    }

    private static Instant instant(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value.trim()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST,
                    name + " '" + value + "' is not an ISO-8601 instant with its offset, such as 2026-12-01T00:00:00Z");
        }
    }

    private static ListedMessage listed(SearchMessagesQuery.Found found) {
        boolean inbound = found.direction() == SearchMessagesQuery.Direction.INBOUND;
        return new ListedMessage(found.id(), inbound ? "inbound" : "outbound", found.from(), found.to(),
                inbound ? "received" : status(found.status()), found.at(), found.campaignId(), found.text(),
                found.segments(), found.intent(), found.position());
    }

    /** Cancels a scheduled or held message before it is released: it is never sent. */
    @PostMapping("/{id}/cancellation")
    CancellationResponse cancel(@AuthenticationPrincipal Jwt jwt, @PathVariable("id") String id) {
        AccountId account = accounts.accountOf(jwt);
        MessageId messageId = messageIdOf(id);
        try {
            cancelMessage.cancel(account, messageId);
        } catch (io.attest.gateway.application.shared.NotFoundException notFound) {
            throw new MessageNotFoundException(id);
        }
        return new CancellationResponse(id, "cancelled");
    }

    @GetMapping("/{id}")
    MessageResponse get(@AuthenticationPrincipal Jwt jwt, @PathVariable("id") String id) {
        AccountId account = accounts.accountOf(jwt);
        return getMessage.find(account, messageIdOf(id)).map(MessageController::toResponse)
                .orElseThrow(() -> new MessageNotFoundException(id));
    }

    /** The id in a path; one that cannot be a message id names no message of the account either. */
    private static MessageId messageIdOf(String id) {
        try {
            return MessageId.of(id);
        } catch (IllegalArgumentException e) {
            throw new MessageNotFoundException(id);
        }
    }

    private static MessageResponse toResponse(MessageView view) {
        return new MessageResponse(view.messageId(), view.from(), view.to(), status(view.status()),
                encoding(view.encoding()), view.segments(), view.carrierMessageId(), view.acceptedAt(), view.updatedAt(),
                view.timeline().stream().map(step -> new TimelineStep(status(step.status()), step.event(),
                        step.occurredAt(), step.carrierMessageId(), step.detail(), step.webhook())).toList(),
                view.estimatedCost() == null ? null : view.estimatedCost().plain(),
                view.charged() == null ? null : view.charged().plain(),
                view.estimatedCost() != null ? view.estimatedCost().currency().getCurrencyCode()
                        : view.charged() != null ? view.charged().currency().getCurrencyCode() : null);
    }

    static String status(MessageStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    static String encoding(TextEncoding encoding) {
        return switch (encoding) {
            case GSM_7 -> "GSM-7";
            case UCS_2 -> "UCS-2";
        };
    }

    /**
     * @param webhookUrl where this message's events go, instead of the account's webhook endpoints
     * @param validFor   ISO-8601 duration (such as {@code PT10M}) the message may still be submitted after acceptance
     */
    record SendRequest(String from, String to, String text, String campaignId, String webhookUrl, String validFor,
                       String sendAt) {
    }

    /** @param sendAt when a scheduled message is due: it is decided again then */
    record AcceptedResponse(String id, String status, String encoding, int segments, String from, String to,
                            Instant heldUntil,
                            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                            Instant sendAt,
                            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                            CostView estimatedCost) {
    }

    /** A price in a response: amounts as decimal strings ("0.0075"), never binary fractions. */
    record CostView(String amount, String currency, int segments, String perSegment, String carrierFee, String carrier,
                    String route, String trafficClass, Instant rateCard) {

        static CostView of(io.attest.gateway.domain.cost.MessageCost cost) {
            return cost == null ? null : new CostView(cost.total().plain(), cost.total().currency().getCurrencyCode(),
                    cost.segments(), cost.perSegment().plain(), cost.carrierFee().plain(), cost.carrier(),
                    cost.connection(), cost.trafficClass().name(), cost.rateCard());
        }
    }

    record CancellationResponse(String id, String status) {
    }

    record DryRunResponse(String decision, String rule, String reason, Instant heldUntil, List<String> checks,
                          String campaignId, String encoding, int segments, List<String> charactersForcingUcs2,
                          @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                          CostView estimatedCost) {
    }

    /** The send policy refused the message; it is recorded as blocked and never reaches a carrier. */
    static final class ComplianceBlockedException extends RuntimeException {
        final String messageId;
        final ComplianceDecision.Blocked decision;

        /** Set when the rule was the account's spend limit: the limit, what is spent and left. */
        final io.attest.gateway.application.cost.SpendLimitReachedException spendRefusal;

        ComplianceBlockedException(String messageId, ComplianceDecision.Blocked decision,
                                   io.attest.gateway.application.cost.SpendLimitReachedException spendRefusal) {
            super(decision.reason());
            this.messageId = messageId;
            this.decision = decision;
            this.spendRefusal = spendRefusal;
        }
    }

    /**
     * @param estimatedCost what it was expected to cost at acceptance (decimal string); null when not priced
     * @param charged       what it was charged once the carrier took it; null until then
     */
    record MessageResponse(String id, String from, String to, String status, String encoding, int segments,
                           String carrierMessageId, Instant acceptedAt, Instant updatedAt, List<TimelineStep> timeline,
                           String estimatedCost, String charged, String currency) {
    }

    /** @param webhook for an attempt to deliver one of the message's events to a webhook; else absent */
    record TimelineStep(String status, String event, Instant at, String carrierMessageId, String detail,
                        @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                        MessageView.WebhookAttempt webhook) {
    }

    /**
     * @param position the cursor of this message in the list: pass the page's {@code next} as {@code after}
     * @param text     the text of an inbound message (outbound texts are not repeated in lists)
     * @param intent   what the gateway made of an inbound message: STOP, HELP, START or none
     */
    /** @param position the message's place in the account's feed; null for a sent message found by a search */
    record ListedMessage(String id, String direction, String from, String to, String status, Instant at,
                         String campaignId, String text, Integer segments, String intent, Long position) {
    }

    /**
     * @param next       with {@code after}: the cursor for the next page of the feed order; null for a search
     * @param nextCursor for a search: the cursor of the next page, null when no more match; null with {@code after}
     */
    record MessageList(List<ListedMessage> messages, Long next, String nextCursor) {
    }

    static final class IdempotencyKeyReusedException extends RuntimeException {
        IdempotencyKeyReusedException() {
            super("this Idempotency-Key was used with a different request body; use a new key for a new message");
        }
    }

    static final class IdempotencyKeyInProgressException extends RuntimeException {
        IdempotencyKeyInProgressException() {
            super("a request with this Idempotency-Key is still being processed; retry in a moment");
        }
    }

    static final class MessageNotFoundException extends RuntimeException {
        MessageNotFoundException(String id) {
            super("no message " + id + " in this account");
        }
    }

    static final class MissingBodyException extends RuntimeException {
        MissingBodyException() {
            super("a JSON body with from, to and text is required");
        }
    }
}
