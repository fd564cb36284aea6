package io.attest.gateway.domain.message;

import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;

/** The gateway took responsibility for a message. Stored before the client hears 202. */
public record MessageAccepted(MessageId messageId, AccountId accountId, PhoneNumber from, PhoneNumber to,
                              String text, TextEncoding encoding, int segments) implements MessageEvent {
}
