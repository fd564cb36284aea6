package io.attest.gateway.domain.message;

import java.util.Objects;

/** The message id the carrier's SMSC returned in submit_sm_resp; receipts name the message by it. */
public record CarrierMessageId(String value) {

    public CarrierMessageId {
        Objects.requireNonNull(value, "carrier message id");
        if (value.isBlank()) {
            throw new IllegalArgumentException("carrier message id must not be blank");
        }
    }

    public static CarrierMessageId of(String value) {
        return new CarrierMessageId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
