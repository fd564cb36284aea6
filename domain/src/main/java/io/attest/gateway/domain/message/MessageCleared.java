package io.attest.gateway.domain.message;

import java.util.List;

/** The send policy let the message go: the rules it checked and the facts it used. */
public record MessageCleared(MessageId messageId, List<String> checks, String inputs) implements MessageEvent {
}
