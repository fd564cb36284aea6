package io.attest.gateway.domain.message;

/**
 * What the gateway does with a message whose last submit's outcome is unknown: the submit_sm may have reached the
 * SMSC, but its answer was lost (the connection died, or the gateway stopped, before the answer was recorded).
 */
public enum UnknownOutcomePolicy {
    /** Submit it again: it is not lost, but the handset may receive it twice (at least once). */
    RESUBMIT,
    /** Fail it with {@code submit-outcome-unknown}: it is never sent twice, but it may not have been sent (at most once). */
    FAIL
}
