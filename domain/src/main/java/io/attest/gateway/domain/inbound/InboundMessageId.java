package io.attest.gateway.domain.inbound;

import java.util.Objects;

/** Identifier of one message a subscriber sent to one of our numbers (MO). */
public record InboundMessageId(String value) {

    public InboundMessageId {
        Objects.requireNonNull(value, "inbound message id");
    }

    @Override
    public String toString() {
        return value;
    }
}
