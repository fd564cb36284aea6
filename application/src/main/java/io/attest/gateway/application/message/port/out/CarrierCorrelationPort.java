package io.attest.gateway.application.message.port.out;

import io.attest.gateway.domain.message.CarrierMessageId;
import io.attest.gateway.domain.message.DeliveryReceipt;
import io.attest.gateway.domain.message.MessageId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Durable map from the carrier's message id to ours, and a place for receipts whose carrier id is not
 * known yet. Each method but {@link #remember} commits on its own, independent of any surrounding transaction.
 */
public interface CarrierCorrelationPort {

    /**
     * The carrier id now names this message; an id the SMSC reused moves to the newest message that got it. Written in
     * the caller's transaction when there is one (the submission it belongs to commits it), on its own otherwise.
     */
    void remember(CarrierMessageId carrierMessageId, MessageId messageId);

    /**
     * {@link #remember} for each carrier id of a batch of submissions, in the caller's transaction; the ids are
     * distinct. Adapters may write them in one statement.
     */
    default void rememberAll(java.util.Map<CarrierMessageId, MessageId> messagesByCarrierId) {
        messagesByCarrierId.forEach(this::remember);
    }

    Optional<MessageId> messageFor(CarrierMessageId carrierMessageId);

    void keepUnmatched(DeliveryReceipt receipt);

    /**
     * The kept receipts for this carrier id that arrived at or after {@code receivedSince}, oldest first. A receipt kept
     * before a submit went out cannot be that submit's: it belongs to an earlier message whose id the SMSC reused.
     */
    List<DeliveryReceipt> unmatched(CarrierMessageId carrierMessageId, Instant receivedSince);

    /**
     * {@link #unmatched(CarrierMessageId, Instant)} for each carrier id of a batch of submissions, each with its own
     * {@code receivedSince}; an id with no kept receipt has no entry. Adapters may read them in one query.
     */
    default java.util.Map<CarrierMessageId, List<DeliveryReceipt>> unmatched(
            java.util.Map<CarrierMessageId, Instant> receivedSince) {
        java.util.Map<CarrierMessageId, List<DeliveryReceipt>> kept = new java.util.LinkedHashMap<>();
        receivedSince.forEach((id, since) -> {
            List<DeliveryReceipt> receipts = unmatched(id, since);
            if (!receipts.isEmpty()) {
                kept.put(id, receipts);
            }
        });
        return kept;
    }

    void discardUnmatched(CarrierMessageId carrierMessageId);

    /**
     * Forgets carrier ids remembered before {@code correlationsBefore} (no receipt can still be due for them) and kept
     * receipts that arrived before {@code unmatchedBefore} (no submission claimed them): the tables would otherwise
     * only grow. Deletes in slices, each committed on its own.
     *
     * @return how many rows were forgotten
     */
    int forgetBefore(java.time.Instant correlationsBefore, java.time.Instant unmatchedBefore);
}
