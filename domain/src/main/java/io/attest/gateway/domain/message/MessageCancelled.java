package io.attest.gateway.domain.message;

/** The client cancelled the message before it was released: it is never sent. */
public record MessageCancelled(MessageId messageId, String reason) implements MessageEvent {
}
