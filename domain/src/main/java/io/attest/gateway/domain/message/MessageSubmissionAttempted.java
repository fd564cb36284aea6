package io.attest.gateway.domain.message;

/**
 * A submit_sm for this message is about to go to the carrier; recorded before the network I/O. An attempt
 * above 1 means an earlier attempt's outcome is unknown (the gateway stopped, or the connection died,
 * before the SMSC's answer was recorded), so the handset may receive the message twice.
 */
public record MessageSubmissionAttempted(MessageId messageId, int attempt) implements MessageEvent {
}
