package io.attest.gateway.domain.message;

/**
 * A submit_sm for this message is about to go to the carrier; recorded before the network I/O.
 *
 * @param previousOutcomeUnknown true when an earlier attempt's outcome is unknown (the gateway stopped, or the
 *                               connection died, before the SMSC's answer was recorded), so the handset may receive
 *                               the message twice; false when every earlier attempt was not taken. Null in events
 *                               recorded before this was known: an attempt above 1 then counts as unknown.
 */
public record MessageSubmissionAttempted(MessageId messageId, int attempt, Boolean previousOutcomeUnknown)
        implements MessageEvent {

    public MessageSubmissionAttempted(MessageId messageId, int attempt) {
        this(messageId, attempt, attempt > 1);
    }

    /** Whether the handset may receive the message twice because of this attempt. */
    public boolean mayDuplicate() {
        return previousOutcomeUnknown == null ? attempt > 1 : previousOutcomeUnknown;
    }
}
