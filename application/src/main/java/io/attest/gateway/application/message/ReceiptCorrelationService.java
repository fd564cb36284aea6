package io.attest.gateway.application.message;

import io.attest.gateway.application.message.port.in.RecordDeliveryReceiptUseCase;
import io.attest.gateway.application.message.port.out.CarrierCorrelationPort;
import io.attest.gateway.application.shared.CommandBatches;
import io.attest.gateway.application.shared.GroupCommit;
import io.attest.gateway.application.shared.StripedLocks;
import io.attest.gateway.domain.message.CarrierMessageId;
import io.attest.gateway.domain.message.DeliveryReceipt;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.RecordDeliveryReceiptCommand;
import io.attest.gateway.domain.message.RecordSubmissionCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Ties carrier receipts to messages. A receipt can overtake the submission it belongs to (the SMSC sends
 * it before our submit_sm_resp is processed); such a receipt is kept and applied the moment the
 * submission is recorded, so no receipt is lost and none is applied to a message not yet submitted.
 *
 * <p>Each side writes before it reads the other's record, on one node or across nodes (the SMSC may hand a receipt to
 * another node's bind than the one that submitted): the submission remembers its carrier ids in the transaction that
 * records it and, once that is committed, takes the receipts kept for them; a receipt that found no message is kept
 * and then looked up again, and applied at once when its message is there by now. Each write is committed before the
 * read that follows it, so at least one side sees the other: the receipt is applied once or twice (the message
 * ignores the second), never kept for good. (A kept receipt commits on its own also when receipts are group-committed.)
 */
public class ReceiptCorrelationService implements RecordDeliveryReceiptUseCase {

    private final CommandGateway commandGateway;
    private final CarrierCorrelationPort correlations;
    private final StripedLocks locks = new StripedLocks(64);
    private final CommandBatches batches;
    private final GroupCommit<DeliveryReceipt, Void> receipts;

    /**
     * How far before the submit a kept receipt may still be its own: the wall clock can be stepped back a little (NTP)
     * between noting the submit and keeping its receipt. An SMSC does not reuse an id within a minute.
     */
    static final java.time.Duration CLOCK_TOLERANCE = java.time.Duration.ofMinutes(1);

    public ReceiptCorrelationService(CommandGateway commandGateway, CarrierCorrelationPort correlations) {
        this(commandGateway, correlations, CommandBatches.direct(commandGateway));
    }

    /**
     * @param batches records each submission; when it group-commits, receipts that arrive together (on several of the
     *                carrier session's threads) are recorded together too: one unit of work, one transaction, one
     *                commit for all of them ({@link GroupCommit}); each caller still returns only once its receipt is
     *                committed
     */
    public ReceiptCorrelationService(CommandGateway commandGateway, CarrierCorrelationPort correlations,
                                     CommandBatches batches) {
        this.commandGateway = commandGateway;
        this.correlations = correlations;
        this.batches = batches;
        this.receipts = !batches.groupCommits() ? null : new GroupCommit<>(batch -> {
            recordTogether(batch);
            return java.util.Collections.nCopies(batch.size(), null);
        }, receipt -> {
            recordOne(receipt);
            return null;
        }, 100);
    }

    /** Returns once the receipt is recorded (or kept for a submission not yet recorded), durably. */
    @Override
    public void record(DeliveryReceipt receipt) {
        if (receipts == null) {
            recordOne(receipt);
        } else {
            receipts.write(receipt);
        }
    }

    /** All in one unit of work: the commands' units of work are nested in it and commit with it, or not at all. */
    void recordTogether(List<DeliveryReceipt> batch) {
        batches.inOneUnitOfWork(() -> {
            batch.forEach(this::recordOne);
            return null;
        });
    }

    private void recordOne(DeliveryReceipt receipt) {
        Optional<MessageId> messageId;
        synchronized (lockFor(receipt.carrierMessageId())) {
            messageId = correlations.messageFor(receipt.carrierMessageId());
            if (messageId.isEmpty()) {
                correlations.keepUnmatched(receipt);
                // another node's submission may have been remembered meanwhile, and have looked for kept receipts
                // before this one was kept: look again (the kept copy is then left for pruning, or applied twice)
                messageId = correlations.messageFor(receipt.carrierMessageId());
                if (messageId.isEmpty()) {
                    return;
                }
            }
        }
        commandGateway.sendAndWait(new RecordDeliveryReceiptCommand(messageId.get(), receipt));
    }

    @Override
    public void recordAnswer(MessageId messageId, Instant submittedAt, DeliveryReceipt answer) {
        Submission submission = new Submission(messageId, answer.carrierMessageId(), null, List.of(), submittedAt);
        remember(submission);
        applyKeptReceipts(submission);
        commandGateway.sendAndWait(new RecordDeliveryReceiptCommand(messageId, answer));
    }

    /**
     * Records that the carrier took a message, then applies any receipt for its carrier ids that arrived first.
     *
     * @param route      which carrier connection took it and why, for the timeline; null when there is one way
     * @param segmentIds every segment's carrier id when the message went as concatenated segments (each has its
     *                   own receipt, in any order, possibly before this is recorded); empty for one submit
     * @param sentAt     when the submit went out: receipts kept from before then (by more than {@link #CLOCK_TOLERANCE})
     *                   belong to an earlier message whose carrier id the SMSC reused, and are not applied to this one
     */
    public void submitted(MessageId messageId, CarrierMessageId carrierMessageId, String route,
                          List<CarrierMessageId> segmentIds, Instant sentAt) {
        submitted(new Submission(messageId, carrierMessageId, route, segmentIds, sentAt));
    }

    /**
     * Records that the carrier took one message, then applies any receipt for its carrier ids that arrived first. With
     * group commit on, the submission joins those that other callers record at the same moment, and its carrier ids
     * are written once it is committed (still before the kept receipts are read).
     */
    public void submitted(Submission submission) {
        if (batches.groupCommits()) {
            batches.sendAndWait(submission.command(rateCardAt(submission.sentAt())));
            remember(submission);
            applyKeptReceipts(submission);
        } else {
            submitted(List.of(submission));
        }
    }

    private java.util.function.Function<Instant, io.attest.gateway.domain.cost.RateCard> rateCards = at -> null;

    /** Has every submission charged by the rate card in force when it went out. */
    public ReceiptCorrelationService pricedBy(java.util.function.Function<Instant, io.attest.gateway.domain.cost.RateCard> rateCards) {
        this.rateCards = rateCards;
        return this;
    }

    private io.attest.gateway.domain.cost.RateCard rateCardAt(Instant at) {
        return rateCards.apply(at == null ? Instant.now() : at);
    }

    /**
     * Records that the carrier took these messages, all in one transaction with their carrier ids, then applies the
     * receipts for those ids that arrived first: a batch of submits costs one commit, not one per message and another
     * per carrier id. A receipt that arrives from the commit on finds its message; one that arrived before it was kept,
     * and is read back here once the commit is done (each side writes, commits, then reads the other's record: see the
     * class).
     */
    public void submitted(List<Submission> submissions) {
        if (submissions.isEmpty()) {
            return;
        }
        List<Object> commands = submissions.stream().map(s -> s.command(rateCardAt(s.sentAt()))).toList();
        batches.inOneUnitOfWork(() -> {
            batches.sendTogether(commands);
            rememberAll(submissions);
            return null;
        });
        applyKeptReceipts(submissions);
    }

    /**
     * The carrier ids of a batch in one write. An id given twice in one batch (an SMSC that reused it within
     * moments) is written one submission after the other, so the newest submit owns it, as one by one.
     */
    private void rememberAll(List<Submission> submissions) {
        java.util.Map<CarrierMessageId, MessageId> owners = distinctCarrierIds(submissions, Submission::messageId);
        if (owners == null) {
            submissions.forEach(this::remember);
        } else {
            correlations.rememberAll(owners);
        }
    }

    /** Each carrier id of the submissions with what the function gives its submission; null when an id repeats. */
    private static <V> java.util.Map<CarrierMessageId, V> distinctCarrierIds(List<Submission> submissions,
                                                                            java.util.function.Function<Submission, V> value) {
        java.util.Map<CarrierMessageId, V> byId = new java.util.LinkedHashMap<>();
        for (Submission submission : submissions) {
            for (CarrierMessageId id : carrierIds(submission)) {
                if (byId.put(id, value.apply(submission)) != null) {
                    return null;
                }
            }
        }
        return byId;
    }

    /** The submission's carrier ids now name its message: in the caller's transaction when there is one. */
    private void remember(Submission submission) {
        carrierIds(submission).forEach(id -> correlations.remember(id, submission.messageId()));
    }

    private static List<CarrierMessageId> carrierIds(Submission submission) {
        return submission.segmentIds().isEmpty() ? List.of(submission.carrierMessageId()) : submission.segmentIds();
    }

    /**
     * Only once the submission and its carrier ids are committed: a receipt that finds no message from now on is kept
     * for it, and looks again after keeping it.
     */
    private void applyKeptReceipts(Submission submission) {
        applyKeptReceipts(List.of(submission));
    }

    /**
     * {@link #applyKeptReceipts(Submission)} for a batch: the kept receipts of all its carrier ids read at once, under
     * the locks of all of them (taken in one order, so two batches never wait on each other).
     */
    private void applyKeptReceipts(List<Submission> submissions) {
        java.util.Map<CarrierMessageId, Instant> since = distinctCarrierIds(submissions,
                submission -> submission.sentAt().minus(CLOCK_TOLERANCE));
        if (since == null) { // an id given twice: each submission on its own, in order
            submissions.forEach(submission -> {
                java.util.Map<CarrierMessageId, Instant> own = new java.util.LinkedHashMap<>();
                carrierIds(submission).forEach(id -> own.putIfAbsent(id, submission.sentAt().minus(CLOCK_TOLERANCE)));
                applyKept(submission, correlationsUnderLock(own));
            });
            return;
        }
        java.util.Map<CarrierMessageId, List<DeliveryReceipt>> kept = correlationsUnderLock(since);
        if (kept.isEmpty()) {
            return; // the usual case: every receipt comes after its submission is recorded
        }
        submissions.forEach(submission -> applyKept(submission, kept));
    }

    private java.util.Map<CarrierMessageId, List<DeliveryReceipt>> correlationsUnderLock(
            java.util.Map<CarrierMessageId, Instant> since) {
        return locks.underAll(since.keySet().stream().map(CarrierMessageId::value).toList(),
                () -> correlations.unmatched(since));
    }

    private void applyKept(Submission submission, java.util.Map<CarrierMessageId, List<DeliveryReceipt>> kept) {
        MessageId messageId = submission.messageId();
        for (CarrierMessageId id : carrierIds(submission)) {
            List<DeliveryReceipt> early = kept.getOrDefault(id, List.of());
            for (DeliveryReceipt receipt : early) {
                commandGateway.sendAndWait(new RecordDeliveryReceiptCommand(messageId, receipt));
            }
            if (!early.isEmpty()) {
                // only after they are applied: a crash in between applies them again, which the message ignores
                correlations.discardUnmatched(id);
            }
        }
    }

    /** A message the carrier took: see {@link #submitted(MessageId, CarrierMessageId, String, List, Instant)}. */
    /** @param connection the carrier connection that took it; null when not known */
    public record Submission(MessageId messageId, CarrierMessageId carrierMessageId, String route,
                             List<CarrierMessageId> segmentIds, Instant sentAt, String connection) {

        public Submission {
            segmentIds = List.copyOf(segmentIds);
        }

        public Submission(MessageId messageId, CarrierMessageId carrierMessageId, String route,
                          List<CarrierMessageId> segmentIds, Instant sentAt) {
            this(messageId, carrierMessageId, route, segmentIds, sentAt, null);
        }

        Object command(io.attest.gateway.domain.cost.RateCard rateCard) {
            return new RecordSubmissionCommand(messageId, carrierMessageId, route, segmentIds, connection, rateCard);
        }
    }

    private Object lockFor(CarrierMessageId carrierMessageId) {
        return locks.lockFor(carrierMessageId.value());
    }
}
