package io.attest.gateway.audit.trail;

import io.attest.gateway.domain.shared.AccountId;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.List;

import static io.attest.gateway.audit.jooq.Tables.AUDIT_ENTRY;

/** Reads one account's audit trail in order. */
public class AuditTrailQueries {

    private final DSLContext db;

    public AuditTrailQueries(DSLContext db) {
        this.db = db;
    }

    public List<AuditEntry> entries(AccountId accountId, long afterEntry, int limit) {
        return db.selectFrom(AUDIT_ENTRY)
                .where(AUDIT_ENTRY.ACCOUNT_ID.eq(accountId.value()))
                .and(AUDIT_ENTRY.ENTRY_NUMBER.gt(afterEntry))
                .orderBy(AUDIT_ENTRY.ENTRY_NUMBER)
                .limit(limit)
                .fetch(r -> new AuditEntry(r.getEntryNumber(), r.getMessageId(), r.getEventType(),
                        r.getOccurredAt().toInstant(), r.getSummary()));
    }

    public record AuditEntry(long entryNumber, String messageId, String eventType, Instant occurredAt,
                             String summary) {
    }
}
