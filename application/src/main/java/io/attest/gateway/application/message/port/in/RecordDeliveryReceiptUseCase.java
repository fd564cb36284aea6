package io.attest.gateway.application.message.port.in;

import io.attest.gateway.domain.message.DeliveryReceipt;

/** A carrier reports what happened to a message it acknowledged, naming it by the carrier's id. */
public interface RecordDeliveryReceiptUseCase {

    /**
     * Records the receipt durably before returning: applied to its message when the carrier id is known,
     * otherwise kept until the submission that carries that id is recorded. Returning normally means the
     * receipt may be acknowledged to the carrier.
     */
    void record(DeliveryReceipt receipt);
}
