package io.attest.gateway.audit.trail;

import io.attest.gateway.domain.consent.OptInRecorded;
import io.attest.gateway.domain.consent.OptOutRecorded;
import io.attest.gateway.domain.message.ConflictingReceiptRecorded;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageBlocked;
import io.attest.gateway.domain.message.MessageCleared;
import io.attest.gateway.domain.message.MessageHeld;
import io.attest.gateway.domain.message.MessageReleased;
import io.attest.gateway.domain.message.MessageDelivered;
import io.attest.gateway.domain.message.MessageDeliveryFailed;
import io.attest.gateway.domain.message.MessageEvent;
import io.attest.gateway.domain.message.MessageExpired;
import io.attest.gateway.domain.message.MessageSubmissionAttempted;
import io.attest.gateway.domain.message.MessageSubmissionFailed;
import io.attest.gateway.domain.message.MessageSubmitted;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.jooq.DSLContext;

import java.time.ZoneOffset;

import static io.attest.gateway.audit.jooq.Tables.AUDIT_ENTRY;

/**
 * Appends every message event to its account's audit trail, numbered per account and hash-chained
 * ({@link AuditChain}). Runs in one tracking processor thread, so numbering is gap-free and in event-store
 * order; an event seen twice (replay, redelivery) is written once.
 */
public class AuditTrailRecorder {

    private final DSLContext db;

    public AuditTrailRecorder(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(MessageEvent event, EventMessage<?> message) {
        String accountId = event instanceof MessageAccepted accepted
                ? accepted.accountId().value()
                : db.select(AUDIT_ENTRY.ACCOUNT_ID).from(AUDIT_ENTRY)
                        .where(AUDIT_ENTRY.MESSAGE_ID.eq(event.messageId().value()))
                        .limit(1).fetchOne(AUDIT_ENTRY.ACCOUNT_ID);
        if (accountId == null) {
            throw new IllegalStateException("no account known for message " + event.messageId()
                    + "; its MessageAccepted must come first");
        }
        append(accountId, event.messageId().value(), event.getClass().getSimpleName(), summarise(event), message);
    }

    /** Consent changes join the same chain, under the consent's id ({@code <brand>/<subscriber>}). */
    @EventHandler
    public void on(OptInRecorded event, EventMessage<?> message) {
        append(event.accountId().value(), event.consentId().value(), "OptInRecorded",
                "opt-in of " + event.subscriber() + " to campaign " + event.campaignId() + " (" + event.kind()
                        + ") via " + event.evidence().channel() + ", disclosure sha256 "
                        + event.evidence().disclosureSha256() + ", consented at " + event.consentedAt()
                        + ", recorded by " + event.recordedBy(), message);
    }

    @EventHandler
    public void on(OptOutRecorded event, EventMessage<?> message) {
        append(event.accountId().value(), event.consentId().value(), "OptOutRecorded",
                "opt-out of " + event.subscriber() + " (" + event.scope()
                        + (event.campaignId() == null ? "" : " " + event.campaignId()) + ") by " + event.method()
                        + ", rule " + event.matchedRule()
                        + (event.subscriberWords() == null ? "" : ", words \"" + event.subscriberWords() + "\"")
                        + (event.alreadyOptedOut() ? ", already opted out" : "") + ", recorded by " + event.recordedBy(),
                message);
    }

    /** An export of the account's audit records is itself on the record: who asked for what. */
    @EventHandler
    public void on(io.attest.gateway.domain.audit.AuditBundleExported event, EventMessage<?> message) {
        append(event.accountId().value(), "export/" + event.exportId(), "AuditBundleExported",
                "audit bundle " + event.exportId() + " exported by " + event.requestedBy() + ": " + event.query(),
                message);
    }

    private void append(String accountId, String subjectId, String eventType, String summary, EventMessage<?> message) {
        if (db.fetchExists(AUDIT_ENTRY, AUDIT_ENTRY.EVENT_ID.eq(message.getIdentifier()))) {
            return; // seen before (replay, redelivery): already in the chain
        }
        var last = db.select(AUDIT_ENTRY.ENTRY_NUMBER, AUDIT_ENTRY.ENTRY_HASH).from(AUDIT_ENTRY)
                .where(AUDIT_ENTRY.ACCOUNT_ID.eq(accountId))
                .orderBy(AUDIT_ENTRY.ENTRY_NUMBER.desc()).limit(1).fetchOne();
        long next = last == null ? 1 : last.value1() + 1;
        if (last != null && last.value2() == null) {
            throw new IllegalStateException("audit entry " + last.value1() + " of account " + accountId
                    + " has no hash: the chain cannot be continued");
        }
        String previousHash = last == null ? AuditChain.GENESIS : last.value2();
        AuditChain.Entry entry = new AuditChain.Entry(accountId, next, message.getIdentifier(), subjectId, eventType,
                message.getTimestamp(), abbreviate(summary));
        db.insertInto(AUDIT_ENTRY)
                .set(AUDIT_ENTRY.ACCOUNT_ID, accountId)
                .set(AUDIT_ENTRY.ENTRY_NUMBER, next)
                .set(AUDIT_ENTRY.EVENT_ID, entry.eventId())
                .set(AUDIT_ENTRY.MESSAGE_ID, entry.messageId())
                .set(AUDIT_ENTRY.EVENT_TYPE, entry.eventType())
                .set(AUDIT_ENTRY.OCCURRED_AT, entry.occurredAt().atOffset(ZoneOffset.UTC))
                .set(AUDIT_ENTRY.SUMMARY, entry.summary())
                .set(AUDIT_ENTRY.PREVIOUS_HASH, previousHash)
                .set(AUDIT_ENTRY.ENTRY_HASH, AuditChain.hash(previousHash, entry))
                .execute();
    }

    /** At most 2,000 characters, and no NUL (PostgreSQL text cannot hold one). */
    private static String abbreviate(String summary) {
        String clean = summary.replace('\u0000', '\uFFFD');
        return clean.length() <= 2000 ? clean : clean.substring(0, 1997) + "...";
    }

    static String summarise(MessageEvent event) {
        return switch (event) {
            case MessageAccepted e -> "accepted from " + e.from() + " to " + e.to() + ", " + e.encoding()
                    + ", " + e.segments() + " segment(s)";
            case MessageCleared e -> "compliance: allowed after " + String.join(", ", e.checks()) + " | " + e.inputs();
            case MessageBlocked e -> "compliance: blocked by " + e.rule() + ": " + e.reason() + " | " + e.inputs();
            case MessageHeld e -> "compliance: held by " + e.rule() + " until " + e.until() + " | " + e.inputs();
            case MessageReleased e -> "compliance: released after " + String.join(", ", e.checks()) + " | " + e.inputs();
            case MessageSubmissionAttempted e -> "submit attempt " + e.attempt()
                    + (e.mayDuplicate() ? " after an attempt whose outcome is unknown" : "");
            case io.attest.gateway.domain.message.MessageSubmissionNotTaken e -> "submit attempt " + e.attempt()
                    + " not taken by the carrier: " + e.reason();
            case MessageSubmitted e when e.multipart() -> "submitted to carrier as " + e.segments()
                    + " segments " + e.segmentIds() + (e.route() == null ? "" : ", " + e.route());
            case MessageSubmitted e -> "submitted to carrier as " + e.carrierMessageId()
                    + (e.route() == null ? "" : ", " + e.route());
            case MessageSubmissionFailed e -> "carrier refused: " + e.errorCode() + " " + e.reason();
            case MessageDelivered e -> "delivered, receipt " + e.receipt().carrierStatus();
            case MessageDeliveryFailed e -> "not delivered, receipt " + e.receipt().carrierStatus()
                    + " err " + e.receipt().carrierError();
            case MessageExpired e -> "expired: " + e.reason();
            case io.attest.gateway.domain.message.SegmentReceiptRecorded e -> "segment " + e.segment() + " of "
                    + e.segments() + " receipt " + e.receipt().carrierStatus() + " (" + e.receipt().carrierMessageId() + ")";
            case ConflictingReceiptRecorded e -> "conflicting receipt " + e.receipt().carrierStatus()
                    + " ignored, status stays " + e.statusKept();
        };
    }
}
