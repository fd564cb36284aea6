package io.attest.gateway.domain.compliance;

/**
 * Why the gateway sends a message. Replies the rules oblige the sender to give are never suppressed by
 * consent, quiet hours or caps: the opt-out confirmation (FCC 24-24), the opt-in confirmation and the HELP
 * reply (CTIA).
 */
public enum MessagePurpose {
    /** A message an API client asked to send. */
    CLIENT,
    OPT_OUT_CONFIRMATION,
    OPT_IN_CONFIRMATION,
    HELP_REPLY;

    public boolean isObligatoryReply() {
        return this != CLIENT;
    }
}
