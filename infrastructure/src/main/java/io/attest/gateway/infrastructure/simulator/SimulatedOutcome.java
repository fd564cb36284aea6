package io.attest.gateway.infrastructure.simulator;

/** What the simulated carrier does with a submitted message. */
public enum SimulatedOutcome {
    /** submit_sm_resp OK, then a DELIVRD receipt. */
    DELIVER,
    /** submit_sm_resp OK, then an UNDELIV receipt with err:001. */
    UNDELIVERABLE,
    /** submit_sm_resp OK, then an EXPIRED receipt. */
    EXPIRE,
    /** submit_sm_resp OK and never a receipt; query_sm answers ENROUTE (the SMSC is still trying). */
    NO_RECEIPT,
    /** submit_sm_resp OK, the handset gets it, but its receipt is lost: never sent; query_sm answers DELIVERED. */
    LOST_RECEIPT,
    /** submit_sm_resp with ESME_RINVDSTADR (0x0000000B): refused for good. */
    REJECT,
    /** submit_sm_resp with ESME_RTHROTTLED (0x00000058): try again later. */
    THROTTLE
}
