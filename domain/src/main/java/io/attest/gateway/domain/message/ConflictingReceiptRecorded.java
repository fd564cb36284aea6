package io.attest.gateway.domain.message;

/**
 * A receipt arrived for a message that had already reached a different final state. The state does not
 * change (the first final word stands), but the receipt is kept for the audit trail.
 */
public record ConflictingReceiptRecorded(MessageId messageId, DeliveryReceipt receipt, MessageStatus statusKept)
        implements MessageEvent {
}
