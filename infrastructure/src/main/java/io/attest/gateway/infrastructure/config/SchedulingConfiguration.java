package io.attest.gateway.infrastructure.config;

import io.attest.gateway.application.compliance.HeldMessageReleaseService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Looks for held messages whose window opened, every {@code gateway.compliance.release-interval}; forgets expired
 * idempotency keys; receives concatenated inbound messages whose missing segments never came; asks the SMSC about
 * receipts that did not come.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class SchedulingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SchedulingConfiguration.class);

    private final HeldMessageReleaseService releases;
    private final io.attest.gateway.application.message.port.out.CarrierCorrelationPort correlations;
    private final java.time.Duration correlationRetention;
    private final java.time.Duration unmatchedRetention;
    private final io.attest.gateway.application.message.ReceiptWatchService receiptWatch;
    private final io.attest.gateway.application.idempotency.IdempotencyService idempotency;

    private final io.attest.gateway.application.inbound.InboundSegmentService segments;
    private final org.springframework.transaction.support.TransactionTemplate transaction;
    private final java.time.Clock clock;
    private final java.time.Duration segmentTimeout;

    public SchedulingConfiguration(HeldMessageReleaseService releases,
                                   io.attest.gateway.application.message.ReceiptWatchService receiptWatch,
                                   io.attest.gateway.application.message.port.out.CarrierCorrelationPort correlations,
                                   @org.springframework.beans.factory.annotation.Value(
                                           "${gateway.receipts.correlation-retention:30d}") java.time.Duration correlationRetention,
                                   @org.springframework.beans.factory.annotation.Value(
                                           "${gateway.receipts.unmatched-retention:7d}") java.time.Duration unmatchedRetention,
                                   io.attest.gateway.application.idempotency.IdempotencyService idempotency,
                                   io.attest.gateway.application.inbound.InboundSegmentService segments,
                                   org.springframework.transaction.PlatformTransactionManager transactions,
                                   java.time.Clock clock,
                                   @org.springframework.beans.factory.annotation.Value(
                                           "${gateway.smpp.inbound-segment-timeout:10m}") java.time.Duration segmentTimeout) {
        this.releases = releases;
        this.receiptWatch = receiptWatch;
        this.correlations = correlations;
        if (correlationRetention.compareTo(java.time.Duration.ofDays(8)) < 0) {
            // a message may be valid for 7 days: its receipt must still find it
            throw new IllegalStateException("gateway.receipts.correlation-retention must be at least 8 days");
        }
        this.correlationRetention = correlationRetention;
        this.unmatchedRetention = unmatchedRetention;
        this.idempotency = idempotency;
        this.segments = segments;
        this.transaction = new org.springframework.transaction.support.TransactionTemplate(transactions);
        this.clock = clock;
        this.segmentTimeout = segmentTimeout;
    }

    /**
     * Receives what arrived of concatenated inbound messages whose missing segments have not come within
     * {@code gateway.smpp.inbound-segment-timeout} (default 10 minutes), each in its own transaction.
     */
    @Scheduled(fixedDelayString = "${gateway.smpp.inbound-segment-sweep:1m}", initialDelayString = "5s")
    public void receiveIncompleteInboundMessages() {
        try {
            var waiting = segments.incompleteSince(clock.instant().minus(segmentTimeout), 100);
            for (var message : waiting) {
                try {
                    transaction.executeWithoutResult(status -> segments.receiveIncomplete(message));
                } catch (RuntimeException e) { // one that fails holds back no other
                    log.error("inbound message {} -> {} (reference {}) with segments missing could not be received; "
                            + "trying again at the next interval", message.from(), message.to(), message.reference(), e);
                }
            }
            if (!waiting.isEmpty()) {
                log.warn("{} inbound message(s) received with segments missing after {}", waiting.size(), segmentTimeout);
            }
            // a segment the SMSC sends again is dropped for an hour after its message was received; after that its
            // reference may start a new message (handsets reuse 8-bit references)
            segments.forgetReceivedBefore(clock.instant().minus(java.time.Duration.ofHours(1)));
        } catch (RuntimeException e) {
            log.error("receiving incomplete inbound messages failed; trying again at the next interval", e);
        }
    }

    /**
     * Forgets carrier ids older than {@code gateway.receipts.correlation-retention} (30 days: no receipt is due for a
     * message that old) and kept receipts no submission claimed within {@code gateway.receipts.unmatched-retention}
     * (7 days), hourly.
     */
    @Scheduled(fixedDelayString = "1h", initialDelayString = "2m")
    public void forgetOldCarrierIds() {
        java.time.Instant now = clock.instant();
        runAndCount(() -> correlations.forgetBefore(now.minus(correlationRetention), now.minus(unmatchedRetention)),
                "{} carrier id(s) and kept receipt(s) past retention forgotten",
                "forgetting old carrier ids failed; trying again in an hour");
    }

    /** Forgets idempotency keys past their retention, hourly. */
    @Scheduled(fixedDelayString = "1h", initialDelayString = "1m")
    public void forgetExpiredIdempotencyKeys() {
        runAndCount(idempotency::forgetExpired, "{} idempotency key(s) past retention forgotten",
                "forgetting idempotency keys failed; trying again in an hour");
    }

    /** Asks the SMSC about messages whose receipt is overdue, every {@code gateway.receipts.check-interval}. */
    @Scheduled(fixedDelayString = "${gateway.receipts.check-interval:1m}", initialDelayString = "10s")
    public void askAboutOverdueReceipts() {
        runAndCount(receiptWatch::askAboutOverdueReceipts, "{} message(s) with an overdue receipt asked about",
                "asking about overdue receipts failed; trying again at the next interval");
    }

    @Scheduled(fixedDelayString = "${gateway.compliance.release-interval:1s}", initialDelayString = "2s")
    public void releaseHeldMessages() {
        runAndCount(releases::releaseDue, "{} held message(s) decided again",
                "releasing held messages failed; trying again at the next interval");
    }

    /**
     * Runs a scheduled task that answers how much it did: logs that when it is more than nothing, and a failure as an
     * error, since the next run tries again.
     */
    private static void runAndCount(java.util.function.IntSupplier task, String done, String failed) {
        try {
            int count = task.getAsInt();
            if (count > 0) {
                log.info(done, count);
            }
        } catch (RuntimeException e) {
            log.error(failed, e);
        }
    }
}
