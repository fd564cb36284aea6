package io.attest.gateway.domain.number;

public enum NumberType {
    /** A 10DLC long code: sends only through an active campaign. */
    LONG_CODE,
    /** A toll-free number: sends only once verified. */
    TOLL_FREE,
    SHORT_CODE
}
