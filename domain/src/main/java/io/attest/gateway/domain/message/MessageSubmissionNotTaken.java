package io.attest.gateway.domain.message;

/**
 * The carrier did not take the submit of this attempt (no bind was up when it went, or the SMSC kept answering
 * that it was throttling): the message was not handed over, and a later attempt sends it for the first time.
 */
public record MessageSubmissionNotTaken(MessageId messageId, int attempt, String reason) implements MessageEvent {
}
