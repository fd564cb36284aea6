package io.attest.gateway.domain.message;

import java.util.Objects;

/** Identifier of one message, assigned by the gateway when it accepts the message. */
public record MessageId(String value) {

    public MessageId {
        Objects.requireNonNull(value, "message id");
        if (value.isBlank() || value.length() > 64) {
            throw new IllegalArgumentException("message id must be 1-64 characters");
        }
    }

    public static MessageId of(String value) {
        return new MessageId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
