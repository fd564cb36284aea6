package io.attest.gateway.infrastructure.adapter.in.rest;

import io.attest.gateway.application.message.port.in.GetMessageQuery;
import io.attest.gateway.application.message.port.in.MessageView;
import io.attest.gateway.application.message.port.in.SendMessageUseCase;
import io.attest.gateway.application.message.port.in.SendMessageUseCase.AcceptedMessage;
import io.attest.gateway.application.message.port.in.SendMessageUseCase.SendMessage;
import io.attest.gateway.domain.compliance.ComplianceDecision;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.infrastructure.security.AccountResolver;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
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

    MessageController(SendMessageUseCase sendMessage, GetMessageQuery getMessage, AccountResolver accounts) {
        this.sendMessage = sendMessage;
        this.getMessage = getMessage;
        this.accounts = accounts;
    }

    @PostMapping
    ResponseEntity<AcceptedResponse> send(@AuthenticationPrincipal Jwt jwt, @RequestBody SendRequest request) {
        if (request == null) {
            throw new MissingBodyException();
        }
        AccountId account = accounts.accountOf(jwt);
        AcceptedMessage accepted = sendMessage.send(new SendMessage(account, request.from(), request.to(), request.text(),
                request.campaignId() == null ? null : RequestBodies.campaignId(request.campaignId())));
        String id = accepted.messageId().value();
        if (accepted.decision() instanceof ComplianceDecision.Blocked blocked) {
            throw new ComplianceBlockedException(id, blocked);
        }
        Instant heldUntil = accepted.decision() instanceof ComplianceDecision.Held held ? held.until() : null;
        return ResponseEntity.accepted()
                .location(URI.create("/v1/messages/" + id))
                .body(new AcceptedResponse(id, status(accepted.status()), encoding(accepted.encoding()),
                        accepted.segments(), request.from(), request.to(), heldUntil));
    }

    /** What the send policy would decide now, with encoding and segments; nothing is sent or recorded. */
    @PostMapping("/dry-run")
    DryRunResponse dryRun(@AuthenticationPrincipal Jwt jwt, @RequestBody SendRequest request) {
        if (request == null) {
            throw new MissingBodyException();
        }
        var dryRun = sendMessage.dryRun(new SendMessage(accounts.accountOf(jwt), request.from(), request.to(),
                request.text(), request.campaignId() == null ? null : RequestBodies.campaignId(request.campaignId())));
        var content = dryRun.content();
        String campaign = dryRun.campaignId() == null ? null : dryRun.campaignId().value();
        return switch (dryRun.decision()) {
            case ComplianceDecision.Allowed allowed -> new DryRunResponse("allowed", null, null, null, allowed.checks(),
                    campaign, encoding(content.encoding()), content.segments(), content.charactersForcingUcs2());
            case ComplianceDecision.Held held -> new DryRunResponse("held", held.rule().id(), held.reason(), held.until(),
                    List.of(), campaign, encoding(content.encoding()), content.segments(), content.charactersForcingUcs2());
            case ComplianceDecision.Blocked blocked -> new DryRunResponse("blocked", blocked.rule().id(),
                    blocked.reason(), null, List.of(), campaign, encoding(content.encoding()), content.segments(),
                    content.charactersForcingUcs2());
        };
    }

    @GetMapping("/{id}")
    MessageResponse get(@AuthenticationPrincipal Jwt jwt, @PathVariable("id") String id) {
        AccountId account = accounts.accountOf(jwt);
        MessageId messageId;
        try {
            messageId = MessageId.of(id);
        } catch (IllegalArgumentException e) {
            throw new MessageNotFoundException(id);
        }
        return getMessage.find(account, messageId).map(MessageController::toResponse)
                .orElseThrow(() -> new MessageNotFoundException(id));
    }

    private static MessageResponse toResponse(MessageView view) {
        return new MessageResponse(view.messageId(), view.from(), view.to(), status(view.status()),
                encoding(view.encoding()), view.segments(), view.carrierMessageId(), view.acceptedAt(), view.updatedAt(),
                view.timeline().stream().map(step -> new TimelineStep(status(step.status()), step.event(),
                        step.occurredAt(), step.carrierMessageId(), step.detail())).toList());
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

    record SendRequest(String from, String to, String text, String campaignId) {
    }

    record AcceptedResponse(String id, String status, String encoding, int segments, String from, String to,
                            Instant heldUntil) {
    }

    record DryRunResponse(String decision, String rule, String reason, Instant heldUntil, List<String> checks,
                          String campaignId, String encoding, int segments, List<String> charactersForcingUcs2) {
    }

    /** The send policy refused the message; it is recorded as blocked and never reaches a carrier. */
    static final class ComplianceBlockedException extends RuntimeException {
        final String messageId;
        final ComplianceDecision.Blocked decision;

        ComplianceBlockedException(String messageId, ComplianceDecision.Blocked decision) {
            super(decision.reason());
            this.messageId = messageId;
            this.decision = decision;
        }
    }

    record MessageResponse(String id, String from, String to, String status, String encoding, int segments,
                           String carrierMessageId, Instant acceptedAt, Instant updatedAt, List<TimelineStep> timeline) {
    }

    record TimelineStep(String status, String event, Instant at, String carrierMessageId, String detail) {
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
