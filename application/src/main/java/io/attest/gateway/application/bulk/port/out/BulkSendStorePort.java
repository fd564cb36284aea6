package io.attest.gateway.application.bulk.port.out;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bulk-send batches and their rows. A node working on a batch holds a lease on it, renewed with each write; a batch
 * whose lease ran out was left by a stopped node.
 */
public interface BulkSendStorePort {

    /** A new batch, being checked by {@code owner}. */
    void create(NewBatch batch, String owner, Instant leaseUntil);

    /**
     * Checked rows, with the batch's counts, in one transaction; the lease renewed.
     *
     * @throws LeaseLostException (writing nothing) when {@code owner} no longer holds the batch
     */
    void addChecked(String batchId, List<CheckedRow> rows, String owner, Instant leaseUntil);

    /** The check is over: PREVIEW, or FAILED with the reason. The lease is given up. */
    void checkEnded(String batchId, String state, String failure);

    Optional<StoredBatch> find(String batchId);

    /** Rows by outcome key. */
    Map<String, Integer> counts(String batchId);

    /** Rows after this row number, in order. */
    List<StoredRow> rows(String batchId, int afterNumber, int limit);

    /** Rows that pass and whose send has not been tried, after this row number, in order. */
    List<StoredRow> unsent(String batchId, int afterNumber, int limit);

    /** PREVIEW to SENDING for {@code owner}, or false when the batch is not in PREVIEW (already confirmed). */
    boolean startSending(String batchId, String owner, Instant leaseUntil);

    /**
     * The outcomes of sends, with the batch's counts, in one transaction; the lease renewed.
     *
     * @throws LeaseLostException (writing nothing) when {@code owner} no longer holds the batch
     */
    void recordSent(String batchId, List<SentRow> rows, String owner, Instant leaseUntil);

    /** Renews {@code owner}'s leases on these batches (queued or being worked on by it). */
    void renew(java.util.Collection<String> batchIds, String owner, Instant leaseUntil);

    /** Every row's send tried: SENT. */
    void sendingEnded(String batchId);

    /** Batches being checked or sent whose lease ran out before {@code now}, now leased to {@code owner}. */
    List<Abandoned> claimAbandoned(String owner, Instant now, Instant leaseUntil);

    /** Forgets batches (and their rows) created before this moment that nobody is working on. */
    int forgetBefore(Instant before);

    record NewBatch(String id, String accountId, String from, String campaignId, String fileName, Instant createdAt) {
    }

    /** A checked row; {@code sealedText} is its text as stored (sealed), null for an invalid row. */
    record CheckedRow(int number, String to, String sealedText, Instant sendAt, String outcome, String outcomeKey,
                      boolean passes, String rule, String reason, Instant heldUntil, BigDecimal estimate,
                      String currency) {
    }

    record StoredBatch(String id, String accountId, String from, String campaignId, String fileName, String state,
                       String failure, int checked, int passing, BigDecimal estimatedCost, String currency, int done,
                       int sent, Instant createdAt) {
    }

    record StoredRow(int number, String to, String sealedText, Instant sendAt, String outcome, String rule,
                     String reason, Instant heldUntil, BigDecimal estimate, String messageId, String sentOutcome) {
    }

    /** A send's outcome; {@code recorded} when the message was recorded (not blocked, not refused). */
    record SentRow(int number, String messageId, String sentOutcome, boolean recorded) {
    }

    record Abandoned(String batchId, String state) {
    }

    /** Another node took the batch over: this one stops working on it. */
    class LeaseLostException extends RuntimeException {
        public LeaseLostException(String batchId) {
            super("bulk send " + batchId + " is no longer leased to this node");
        }
    }
}
