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
import io.attest.gateway.application.shared.BatchedWrites;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;

import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.attest.gateway.audit.jooq.Tables.AUDIT_ENTRY;

/**
 * Appends every message event to its account's audit trail, numbered per account and hash-chained
 * ({@link AuditChain}). Runs in one tracking processor thread, so numbering is gap-free and in event-store
 * order; an event seen twice (replay, redelivery) is written once.
 *
 * <p>A processor's batch of events is chained and written together, just before its transaction commits
 * ({@link BatchedWrites}): one query for the events already in the trail, one for the accounts of messages accepted
 * in an earlier batch, one per account for the head of its chain, and one JDBC batch of inserts.
 */
public class AuditTrailRecorder {

    private final DSLContext db;
    private final BatchedWrites<Pending> entries = new BatchedWrites<>("audit-trail", this::write);

    public AuditTrailRecorder(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(MessageEvent event, EventMessage<?> message) {
        // the account of a message is named by its acceptance only; the others find it when the batch is written
        String accountId = event instanceof MessageAccepted accepted ? accepted.accountId().value() : null;
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
        entries.add(new Pending(accountId, subjectId, eventType, abbreviate(summary), message.getIdentifier(),
                message.getTimestamp()));
    }

    /** @param accountId null for a message event other than its acceptance: the message's account, found when written */
    private record Pending(String accountId, String subjectId, String eventType, String summary, String eventId,
                           java.time.Instant occurredAt) {
    }

    /** Chains and inserts one batch of entries, in the order their events came. */
    private void write(List<Pending> batch) {
        Set<String> written = new HashSet<>(db.select(AUDIT_ENTRY.EVENT_ID).from(AUDIT_ENTRY)
                .where(AUDIT_ENTRY.EVENT_ID.in(batch.stream().map(Pending::eventId).toList()))
                .fetch(AUDIT_ENTRY.EVENT_ID)); // seen before (replay, redelivery): already in the chain
        Map<String, String> accountOfMessage = new HashMap<>();
        batch.stream().filter(p -> p.accountId() != null).forEach(p -> accountOfMessage.put(p.subjectId(), p.accountId()));
        Set<String> unknown = new HashSet<>();
        batch.stream().filter(p -> p.accountId() == null && !accountOfMessage.containsKey(p.subjectId()))
                .forEach(p -> unknown.add(p.subjectId()));
        if (!unknown.isEmpty()) {
            db.selectDistinct(AUDIT_ENTRY.MESSAGE_ID, AUDIT_ENTRY.ACCOUNT_ID).from(AUDIT_ENTRY)
                    .where(AUDIT_ENTRY.MESSAGE_ID.in(unknown))
                    .forEach(r -> accountOfMessage.put(r.value1(), r.value2()));
        }
        Map<String, Head> heads = new HashMap<>();
        BatchBindStep insert = db.batch(db.insertInto(AUDIT_ENTRY, AUDIT_ENTRY.ACCOUNT_ID, AUDIT_ENTRY.ENTRY_NUMBER,
                AUDIT_ENTRY.EVENT_ID, AUDIT_ENTRY.MESSAGE_ID, AUDIT_ENTRY.EVENT_TYPE, AUDIT_ENTRY.OCCURRED_AT,
                AUDIT_ENTRY.SUMMARY, AUDIT_ENTRY.PREVIOUS_HASH, AUDIT_ENTRY.ENTRY_HASH)
                .values((String) null, null, null, null, null, null, null, null, null));
        int rows = 0;
        for (Pending pending : batch) {
            if (!written.add(pending.eventId())) {
                continue;
            }
            String accountId = pending.accountId() != null ? pending.accountId() : accountOfMessage.get(pending.subjectId());
            if (accountId == null) {
                throw new IllegalStateException("no account known for message " + pending.subjectId()
                        + "; its MessageAccepted must come first");
            }
            Head head = heads.computeIfAbsent(accountId, this::head);
            AuditChain.Entry entry = new AuditChain.Entry(accountId, head.number() + 1, pending.eventId(),
                    pending.subjectId(), pending.eventType(), pending.occurredAt(), pending.summary());
            String hash = AuditChain.hash(head.hash(), entry);
            insert.bind(accountId, entry.entryNumber(), entry.eventId(), entry.messageId(), entry.eventType(),
                    entry.occurredAt().atOffset(ZoneOffset.UTC), entry.summary(), head.hash(), hash);
            heads.put(accountId, new Head(entry.entryNumber(), hash));
            rows++;
        }
        if (rows > 0) {
            insert.execute();
        }
    }

    /** The last entry of an account's chain: its number and hash (0 and the genesis for an empty trail). */
    private Head head(String accountId) {
        var last = db.select(AUDIT_ENTRY.ENTRY_NUMBER, AUDIT_ENTRY.ENTRY_HASH).from(AUDIT_ENTRY)
                .where(AUDIT_ENTRY.ACCOUNT_ID.eq(accountId))
                .orderBy(AUDIT_ENTRY.ENTRY_NUMBER.desc()).limit(1).fetchOne();
        if (last == null) {
            return new Head(0, AuditChain.GENESIS);
        }
        if (last.value2() == null) {
            throw new IllegalStateException("audit entry " + last.value1() + " of account " + accountId
                    + " has no hash: the chain cannot be continued");
        }
        return new Head(last.value1(), last.value2());
    }

    private record Head(long number, String hash) {
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
            case io.attest.gateway.domain.message.MessageScheduled e -> "compliance: scheduled for " + e.sendAt()
                    + (e.checks().isEmpty() ? "" : " after " + String.join(", ", e.checks())) + " | " + e.inputs();
            case io.attest.gateway.domain.message.MessageCancelled e -> "cancelled by the client: " + e.reason();
            case io.attest.gateway.domain.message.SegmentReceiptRecorded e -> "segment " + e.segment() + " of "
                    + e.segments() + " receipt " + e.receipt().carrierStatus() + " (" + e.receipt().carrierMessageId() + ")";
            case ConflictingReceiptRecorded e -> "conflicting receipt " + e.receipt().carrierStatus()
                    + " ignored, status stays " + e.statusKept();
        };
    }
}
