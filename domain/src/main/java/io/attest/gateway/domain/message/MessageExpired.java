package io.attest.gateway.domain.message;

/**
 * The message's validity ran out: the carrier's receipt says so, or it was never submitted in time.
 *
 * @param receipt the carrier's receipt, or null when the gateway itself expired the message
 */
public record MessageExpired(MessageId messageId, String reason, DeliveryReceipt receipt) implements MessageEvent {
}
