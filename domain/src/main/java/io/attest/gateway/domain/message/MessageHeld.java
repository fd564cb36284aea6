package io.attest.gateway.domain.message;

import java.time.Instant;

/** The send policy holds the message until the recipient's sending window opens. */
public record MessageHeld(MessageId messageId, String rule, Instant until, String reason, String inputs)
        implements MessageEvent {
}
