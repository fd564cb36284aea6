package io.attest.gateway.domain.message;

/**
 * The carrier refused the message for good (a permanent SMPP error) or it could not be handed over.
 *
 * @param errorCode the gateway's documented error code (e.g. {@code smpp-0x0000000b})
 * @param reason    words a person can read
 */
public record MessageSubmissionFailed(MessageId messageId, String errorCode, String reason) implements MessageEvent {
}
