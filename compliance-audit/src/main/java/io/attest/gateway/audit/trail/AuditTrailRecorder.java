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
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;


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

    /*
     * The statements of every batch, SQL written once and run by JDBC on the context's connection (the processor's
     * transaction): jOOQ built, rendered and bound them anew for every batch, at more CPU than the driver's own work
     * (docs/performance.md). Lists of ids are one array each, so the SQL is the same for any batch.
     */
    private static final String WRITTEN = "SELECT event_id FROM audit_entry WHERE event_id = ANY(?)";
    private static final String ACCOUNTS_OF_MESSAGES =
            "SELECT DISTINCT message_id, account_id FROM audit_entry WHERE message_id = ANY(?)";
    private static final String HEAD =
            "SELECT entry_number, entry_hash FROM audit_entry WHERE account_id = ? ORDER BY entry_number DESC LIMIT 1";
    private static final String INSERT = """
            INSERT INTO audit_entry (account_id, entry_number, event_id, message_id, event_type, occurred_at, summary,
                previous_hash, entry_hash)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /** Chains and inserts one batch of entries, in the order their events came. */
    private void write(List<Pending> batch) {
        db.connection(connection -> {
            try {
                write(connection, batch);
            } catch (SQLException e) {
                throw new DataAccessException("audit trail batch of " + batch.size() + " entries: " + e.getMessage(), e);
            }
        });
    }

    private void write(Connection connection, List<Pending> batch) throws SQLException {
        Set<String> written = new HashSet<>(); // seen before (replay, redelivery): already in the chain
        try (PreparedStatement select = connection.prepareStatement(WRITTEN)) {
            select.setArray(1, connection.createArrayOf("text", batch.stream().map(Pending::eventId).toArray()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    written.add(rows.getString(1));
                }
            }
        }
        Map<String, String> accountOfMessage = new HashMap<>();
        batch.stream().filter(p -> p.accountId() != null).forEach(p -> accountOfMessage.put(p.subjectId(), p.accountId()));
        Set<String> unknown = new HashSet<>();
        batch.stream().filter(p -> p.accountId() == null && !accountOfMessage.containsKey(p.subjectId()))
                .forEach(p -> unknown.add(p.subjectId()));
        if (!unknown.isEmpty()) {
            try (PreparedStatement select = connection.prepareStatement(ACCOUNTS_OF_MESSAGES)) {
                select.setArray(1, connection.createArrayOf("text", unknown.toArray()));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        accountOfMessage.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
        }
        Map<String, Head> heads = new HashMap<>();
        try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
            int rows = 0;
            for (Pending pending : batch) {
                if (!written.add(pending.eventId())) {
                    continue;
                }
                String accountId = pending.accountId() != null ? pending.accountId()
                        : accountOfMessage.get(pending.subjectId());
                if (accountId == null) {
                    throw new IllegalStateException("no account known for message " + pending.subjectId()
                            + "; its MessageAccepted must come first");
                }
                Head head = heads.get(accountId);
                if (head == null) {
                    head = head(connection, accountId);
                }
                AuditChain.Entry entry = new AuditChain.Entry(accountId, head.number() + 1, pending.eventId(),
                        pending.subjectId(), pending.eventType(), pending.occurredAt(), pending.summary());
                String hash = AuditChain.hash(head.hash(), entry);
                insert.setString(1, accountId);
                insert.setLong(2, entry.entryNumber());
                insert.setString(3, entry.eventId());
                insert.setString(4, entry.messageId());
                insert.setString(5, entry.eventType());
                insert.setObject(6, entry.occurredAt().atOffset(ZoneOffset.UTC));
                insert.setString(7, entry.summary());
                insert.setString(8, head.hash());
                insert.setString(9, hash);
                insert.addBatch();
                heads.put(accountId, new Head(entry.entryNumber(), hash));
                rows++;
            }
            if (rows > 0) {
                insert.executeBatch();
            }
        }
    }

    /** The last entry of an account's chain: its number and hash (0 and the genesis for an empty trail). */
    private static Head head(Connection connection, String accountId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(HEAD)) {
            select.setString(1, accountId);
            try (ResultSet last = select.executeQuery()) {
                if (!last.next()) {
                    return new Head(0, AuditChain.GENESIS);
                }
                long number = last.getLong(1);
                String hash = last.getString(2);
                if (hash == null) {
                    throw new IllegalStateException("audit entry " + number + " of account " + accountId
                            + " has no hash: the chain cannot be continued");
                }
                return new Head(number, hash);
            }
        }
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
