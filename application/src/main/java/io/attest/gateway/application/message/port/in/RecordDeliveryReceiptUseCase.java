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

    /**
     * Records what the SMSC answered when asked (query_sm) about a message the gateway knows, submitted at
     * {@code submittedAt}: applied to that message whatever the correlation of its carrier id says, which is
     * remembered again, with the receipts kept for that id meanwhile. (A crash between recording a submission and
     * remembering its carrier id leaves the id unknown: the receipts that come for it are kept, and only this answer
     * ties them to their message.)
     */
    default void recordAnswer(io.attest.gateway.domain.message.MessageId messageId, java.time.Instant submittedAt,
                              DeliveryReceipt answer) {
        record(answer);
    }
}
