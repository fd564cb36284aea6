package io.attest.gateway.domain.message;

/** The send policy refused the message: it never reaches a carrier. Terminal. */
public record MessageBlocked(MessageId messageId, String rule, String reason, String inputs) implements MessageEvent {
}
