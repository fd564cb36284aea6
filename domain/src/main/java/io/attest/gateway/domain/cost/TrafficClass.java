package io.attest.gateway.domain.cost;

/** Which kind of sending a carrier prices a message as: its fees differ by the sender's number and registration. */
public enum TrafficClass {
    /** From a 10DLC long code through a campaign registered with The Campaign Registry. */
    REGISTERED_10DLC,
    /** From a long code with no registered campaign (US carriers block it; the send policy does too). */
    UNREGISTERED_10DLC,
    /** From a toll-free number. */
    TOLL_FREE,
    /** From a short code. */
    SHORT_CODE
}
