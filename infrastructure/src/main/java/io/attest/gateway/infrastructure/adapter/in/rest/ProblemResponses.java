package io.attest.gateway.infrastructure.adapter.in.rest;

import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.lang.Nullable;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every error as RFC 9457 problem+json with a stable {@code code} (docs/errors.md). A client's mistake is
 * a 4xx with words that say what to fix; only the gateway's own failures are 500, without internals.
 */
@RestControllerAdvice
class ProblemResponses extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);

    static ProblemDetail problem(HttpStatusCode status, String code, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("urn:attest:problem:" + code));
        problem.setTitle(title);
        problem.setProperty("code", code);
        return problem;
    }

    @ExceptionHandler(InvalidInputException.class)
    ProblemDetail invalidInput(InvalidInputException e) {
        HttpStatus status = switch (e.errorCode()) {
            case TEXT_TOO_LONG, UNKNOWN_SENDER, UNKNOWN_BRAND, UNKNOWN_CAMPAIGN, BRAND_NOT_VERIFIED, INVALID_CAMPAIGN,
                 INVALID_CONSENT, WEBHOOK_SECRET_REQUIRED -> HttpStatus.UNPROCESSABLE_CONTENT;
            case INVALID_PHONE_NUMBER, EMPTY_TEXT, INVALID_REQUEST, INVALID_WEBHOOK_URL, INVALID_VALIDITY, INVALID_SEND_AT,
                 INVALID_RATE_CARD, INVALID_CARRIER_TABLE, INVALID_SPEND_LIMIT -> HttpStatus.BAD_REQUEST;
        };
        return problem(status, e.errorCode().code(), title(e.errorCode()), e.getMessage());
    }

    @ExceptionHandler(MessageController.MissingBodyException.class)
    ProblemDetail missingBody(MessageController.MissingBodyException e) {
        return problem(HttpStatus.BAD_REQUEST, ErrorCode.INVALID_REQUEST.code(), "Invalid request", e.getMessage());
    }

    @ExceptionHandler(MessageController.MessageNotFoundException.class)
    ProblemDetail notFound(MessageController.MessageNotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "message-not-found", "Message not found", e.getMessage());
    }

    @ExceptionHandler(MessageController.ComplianceBlockedException.class)
    ResponseEntity<Map<String, Object>> blocked(MessageController.ComplianceBlockedException e) {
        return ResponseEntity.unprocessableContent().contentType(org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON)
                .body(blockedBody(e));
    }

    /** The problem body of a blocked message, as a map so it can be stored and replayed byte for byte. */
    static Map<String, Object> blockedBody(MessageController.ComplianceBlockedException e) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (e.spendRefusal != null) {
            var refusal = e.spendRefusal;
            body.put("type", "urn:attest:problem:spend-limit-reached");
            body.put("title", "Spend limit reached");
            body.put("status", 422);
            body.put("detail", refusal.getMessage() + "; the message is recorded as blocked and is not sent");
            body.put("code", "spend-limit-reached");
            body.put("rule", e.decision.rule().id());
            body.put("period", refusal.period());
            body.put("limit", refusal.limit().plain());
            body.put("spent", refusal.spent().plain());
            body.put("remaining", refusal.remaining().plain());
            body.put("estimate", refusal.estimate().plain());
            body.put("currency", refusal.limit().currency().getCurrencyCode());
            body.put("messageId", e.messageId);
            return body;
        }
        body.put("type", "urn:attest:problem:compliance-blocked");
        body.put("title", "Blocked by compliance rule " + e.decision.rule().id());
        body.put("status", 422);
        body.put("detail", e.decision.reason());
        body.put("code", "compliance-blocked");
        body.put("rule", e.decision.rule().id());
        body.put("ruleSource", e.decision.rule().source());
        body.put("messageId", e.messageId);
        return body;
    }

    @ExceptionHandler(MessageController.IdempotencyKeyReusedException.class)
    ProblemDetail keyReused(MessageController.IdempotencyKeyReusedException e) {
        return problem(HttpStatus.UNPROCESSABLE_CONTENT, "idempotency-key-reused", "Idempotency key reused",
                e.getMessage());
    }

    @ExceptionHandler(MessageController.IdempotencyKeyInProgressException.class)
    ResponseEntity<ProblemDetail> keyInProgress(MessageController.IdempotencyKeyInProgressException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).header("Retry-After", "1")
                .body(problem(HttpStatus.CONFLICT, "idempotency-key-in-progress", "Request in progress", e.getMessage()));
    }

    /** Over the account's allowance of sends: 429, the limit named, and when the next send may come. */
    @ExceptionHandler(io.attest.gateway.application.limits.SendLimitReachedException.class)
    ResponseEntity<ProblemDetail> limitReached(io.attest.gateway.application.limits.SendLimitReachedException e) {
        ProblemDetail problem = problem(HttpStatus.TOO_MANY_REQUESTS, "send-limit-reached", "Send limit reached",
                e.getMessage());
        problem.setProperty("limit", e.limit());
        problem.setProperty("limitValue", e.value());
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfter().toSeconds()))
                .body(problem);
    }

    @ExceptionHandler(io.attest.gateway.application.shared.NotFoundException.class)
    ProblemDetail notFound(io.attest.gateway.application.shared.NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, e.code(), "Not found", e.getMessage());
    }

    @ExceptionHandler(io.attest.gateway.domain.number.SenderNumber.NumberUnavailableException.class)
    ProblemDetail numberUnavailable(io.attest.gateway.domain.number.SenderNumber.NumberUnavailableException e) {
        return problem(HttpStatus.CONFLICT, "number-unavailable", "Number unavailable", e.getMessage());
    }

    @ExceptionHandler(io.attest.gateway.domain.shared.IllegalTransitionException.class)
    ProblemDetail conflict(io.attest.gateway.domain.shared.IllegalTransitionException e) {
        return problem(HttpStatus.CONFLICT, "invalid-state", "Not possible in the current state", e.getMessage());
    }

    @ExceptionHandler(org.axonframework.commandhandling.CommandExecutionException.class)
    ResponseEntity<ProblemDetail> commandFailed(org.axonframework.commandhandling.CommandExecutionException e) {
        Throwable cause = e.getCause();
        ProblemDetail problem = cause instanceof InvalidInputException invalid ? invalidInput(invalid)
                : cause instanceof io.attest.gateway.domain.number.SenderNumber.NumberUnavailableException unavailable
                ? numberUnavailable(unavailable) : null;
        if (problem != null) {
            return ResponseEntity.status(problem.getStatus()).body(problem);
        }
        if (cause instanceof io.attest.gateway.domain.shared.IllegalTransitionException transition) {
            return ResponseEntity.status(HttpStatus.CONFLICT).body(conflict(transition));
        }
        return unexpected(e);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ProblemDetail accessDenied(AccessDeniedException e) {
        return problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden", e.getMessage());
    }

    /** How long a client is asked to wait before retrying while the database is unreachable. */
    static final int DATABASE_RETRY_AFTER_SECONDS = 5;

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (DatabaseUnavailable.causes(e)) {
            // no connection within the pool's connection timeout, or the connection broke: the gateway cannot record
            // anything now, and says so at once instead of holding the client
            log.warn("request refused: the database is unavailable ({})", DatabaseUnavailable.describe(e));
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, Integer.toString(DATABASE_RETRY_AFTER_SECONDS))
                    .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "service-unavailable", "Service unavailable",
                            "the gateway cannot reach its database; retry after " + DATABASE_RETRY_AFTER_SECONDS
                                    + " s with the same Idempotency-Key, so that a message recorded just before the"
                                    + " failure is not sent twice"));
        }
        log.error("request failed inside the gateway", e);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "internal-error", "Internal error",
                "the gateway failed to handle the request; nothing was sent. Retrying is safe."));
    }

    /** Spring MVC's own errors (malformed JSON, wrong method, unknown path...) keep their status, gain a code. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, @Nullable Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> response = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (response != null && response.getBody() instanceof ProblemDetail problem) {
            String code = switch (statusCode.value()) {
                case 404 -> "not-found";
                case 405 -> "method-not-allowed";
                case 406 -> "not-acceptable";
                case 415 -> "unsupported-media-type";
                default -> statusCode.is5xxServerError() ? "internal-error" : ErrorCode.INVALID_REQUEST.code();
            };
            problem.setType(URI.create("urn:attest:problem:" + code));
            problem.setProperty("code", code);
            if (statusCode.value() == 400 && ex instanceof org.springframework.http.converter.HttpMessageNotReadableException) {
                problem.setDetail(strictStringRefusal(ex).or(() -> duplicateMember(ex)).orElse(
                        "the body is not valid JSON of the shape this endpoint expects (see docs/openapi.yaml)"));
            }
        }
        return response;
    }

    /** A member named twice in one object: which one. */
    private static java.util.Optional<String> duplicateMember(Exception ex) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof tools.jackson.core.exc.StreamReadException read && read.getOriginalMessage() != null
                    && read.getOriginalMessage().startsWith("Duplicate Object property")) {
                return java.util.Optional.of(read.getOriginalMessage().replace("Duplicate Object property",
                        "a member is named twice:") + "; each member of an object may appear once");
            }
        }
        return java.util.Optional.empty();
    }

    /** A text member that is not a string, or carries a control character: named, with what is wrong. */
    private static java.util.Optional<String> strictStringRefusal(Exception ex) {
        for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof tools.jackson.databind.DatabindException databind && databind.getOriginalMessage() != null
                    && (databind.getOriginalMessage().startsWith(StrictStringsModule.NOT_A_STRING)
                    || databind.getOriginalMessage().startsWith(StrictStringsModule.CONTROL_CHARACTER)
                    || databind.getOriginalMessage().startsWith(StrictStringsModule.UNPAIRED_SURROGATE))) {
                String member = databind.getPath().stream()
                        .map(reference -> reference.getPropertyName() != null ? reference.getPropertyName()
                                : "[" + reference.getIndex() + "]")
                        .collect(java.util.stream.Collectors.joining("."));
                return java.util.Optional.of("member '" + member + "': " + databind.getOriginalMessage());
            }
        }
        return java.util.Optional.empty();
    }

    private static String title(ErrorCode code) {
        return switch (code) {
            case INVALID_PHONE_NUMBER -> "Invalid phone number";
            case EMPTY_TEXT -> "Empty text";
            case TEXT_TOO_LONG -> "Text too long";
            case UNKNOWN_SENDER -> "Unknown sender";
            case INVALID_REQUEST -> "Invalid request";
            case INVALID_CAMPAIGN -> "Invalid campaign";
            case INVALID_CONSENT -> "Invalid consent";
            case UNKNOWN_BRAND -> "Unknown brand";
            case UNKNOWN_CAMPAIGN -> "Unknown campaign";
            case BRAND_NOT_VERIFIED -> "Brand not verified";
            case INVALID_WEBHOOK_URL -> "Invalid webhook URL";
            case INVALID_VALIDITY -> "Invalid validity";
            case WEBHOOK_SECRET_REQUIRED -> "Webhook secret required";
            case INVALID_SEND_AT -> "Invalid send time";
            case INVALID_RATE_CARD -> "Invalid rate card";
            case INVALID_CARRIER_TABLE -> "Invalid carrier table";
            case INVALID_SPEND_LIMIT -> "Invalid spend limit";
        };
    }
}
