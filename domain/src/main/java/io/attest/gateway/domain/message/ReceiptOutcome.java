package io.attest.gateway.domain.message;

/**
 * What a carrier's delivery receipt says happened, reduced to what decides the message's state.
 * SMPP 3.4 message_state values map onto these (see the SMPP adapter).
 */
public enum ReceiptOutcome {
    DELIVERED(MessageStatus.DELIVERED),
    UNDELIVERABLE(MessageStatus.FAILED),
    REJECTED(MessageStatus.FAILED),
    DELETED(MessageStatus.FAILED),
    EXPIRED(MessageStatus.EXPIRED);

    private final MessageStatus resultingStatus;

    ReceiptOutcome(MessageStatus resultingStatus) {
        this.resultingStatus = resultingStatus;
    }

    public MessageStatus resultingStatus() {
        return resultingStatus;
    }
}
