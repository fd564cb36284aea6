package io.attest.gateway.domain.consent;

/** How a revocation reached the gateway (FCC 24-24: by any reasonable means). */
public enum OptOutMethod {
    /** A keyword reply (STOP, UNSUBSCRIBE, ...). */
    KEYWORD,
    /** A plain-words reply ("please stop texting me"). */
    PLAIN_WORDS,
    /** Reported by the client's system through the API. */
    API,
    /** Taken by an agent (phone call, email, in person). */
    AGENT
}
