package io.attest.gateway.audit.trail;

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
import org.jooq.impl.DSL;

import java.time.ZoneOffset;

import static io.attest.gateway.audit.jooq.Tables.AUDIT_ENTRY;

/**
 * Appends every message event to its account's audit trail, numbered per account. Runs in one tracking
 * processor thread, so numbering is gap-free and in event-store order; an event seen twice (replay,
 * redelivery) is written once.
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
        long next = db.select(DSL.coalesce(DSL.max(AUDIT_ENTRY.ENTRY_NUMBER), 0L)).from(AUDIT_ENTRY)
                .where(AUDIT_ENTRY.ACCOUNT_ID.eq(accountId)).fetchOne(0, Long.class) + 1;
        db.insertInto(AUDIT_ENTRY)
                .set(AUDIT_ENTRY.ACCOUNT_ID, accountId)
                .set(AUDIT_ENTRY.ENTRY_NUMBER, next)
                .set(AUDIT_ENTRY.EVENT_ID, message.getIdentifier())
                .set(AUDIT_ENTRY.MESSAGE_ID, event.messageId().value())
                .set(AUDIT_ENTRY.EVENT_TYPE, event.getClass().getSimpleName())
                .set(AUDIT_ENTRY.OCCURRED_AT, message.getTimestamp().atOffset(ZoneOffset.UTC))
                .set(AUDIT_ENTRY.SUMMARY, abbreviate(summarise(event)))
                .onConflictDoNothing()
                .execute();
    }

    private static String abbreviate(String summary) {
        return summary.length() <= 2000 ? summary : summary.substring(0, 1997) + "...";
    }

    static String summarise(MessageEvent event) {
        return switch (event) {
            case MessageAccepted e -> "accepted from " + e.from() + " to " + e.to() + ", " + e.encoding()
                    + ", " + e.segments() + " segment(s)";
            case MessageCleared e -> "compliance: allowed after " + String.join(", ", e.checks()) + " | " + e.inputs();
            case MessageBlocked e -> "compliance: blocked by " + e.rule() + ": " + e.reason() + " | " + e.inputs();
            case MessageHeld e -> "compliance: held by " + e.rule() + " until " + e.until() + " | " + e.inputs();
            case MessageReleased e -> "compliance: released after " + String.join(", ", e.checks()) + " | " + e.inputs();
            case MessageSubmissionAttempted e -> "submit attempt " + e.attempt();
            case MessageSubmitted e -> "submitted to carrier as " + e.carrierMessageId();
            case MessageSubmissionFailed e -> "carrier refused: " + e.errorCode() + " " + e.reason();
            case MessageDelivered e -> "delivered, receipt " + e.receipt().carrierStatus();
            case MessageDeliveryFailed e -> "not delivered, receipt " + e.receipt().carrierStatus()
                    + " err " + e.receipt().carrierError();
            case MessageExpired e -> "expired: " + e.reason();
            case ConflictingReceiptRecorded e -> "conflicting receipt " + e.receipt().carrierStatus()
                    + " ignored, status stays " + e.statusKept();
        };
    }
}
