package io.attest.gateway.domain.message;

/** The carrier's receipt says the message will never reach the handset. */
public record MessageDeliveryFailed(MessageId messageId, DeliveryReceipt receipt) implements MessageEvent {
}
