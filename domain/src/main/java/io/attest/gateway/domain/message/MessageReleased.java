package io.attest.gateway.domain.message;

import io.attest.gateway.domain.shared.PhoneNumber;

import java.util.List;

/**
 * A held message passed the send policy again when its window opened and goes to the carrier now. It
 * carries what the dispatcher needs to submit it.
 */
public record MessageReleased(MessageId messageId, PhoneNumber from, PhoneNumber to, String text,
                              TextEncoding encoding, List<String> checks, String inputs) implements MessageEvent {
}
