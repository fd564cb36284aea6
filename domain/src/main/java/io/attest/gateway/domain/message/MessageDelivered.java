package io.attest.gateway.domain.message;

/** The carrier's receipt says the handset has the message. */
public record MessageDelivered(MessageId messageId, DeliveryReceipt receipt) implements MessageEvent {
}
