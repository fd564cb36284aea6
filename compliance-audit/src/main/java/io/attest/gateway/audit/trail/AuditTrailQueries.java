package io.attest.gateway.audit.trail;

import io.attest.gateway.domain.shared.AccountId;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.List;

import static io.attest.gateway.audit.jooq.Tables.AUDIT_ENTRY;

/** Reads one account's audit trail in order. */
public class AuditTrailQueries implements io.attest.gateway.application.audit.port.in.ReadAuditTrailQuery {

    private final DSLContext db;

    public AuditTrailQueries(DSLContext db) {
        this.db = db;
    }

    @Override
    public List<Entry> entries(AccountId account, long afterEntry, int limit) {
        return db.selectFrom(AUDIT_ENTRY)
                .where(AUDIT_ENTRY.ACCOUNT_ID.eq(account.value()))
                .and(AUDIT_ENTRY.ENTRY_NUMBER.gt(afterEntry))
                .orderBy(AUDIT_ENTRY.ENTRY_NUMBER)
                .limit(limit)
                .fetch(r -> new Entry(r.getEntryNumber(), r.getMessageId(), r.getEventType(),
                        r.getOccurredAt().toInstant(), r.getSummary(), r.getPreviousHash(), r.getEntryHash()));
    }

    /** Recomputes the account's whole chain from its first entry and reports the first broken link. */
    public AuditChain.Verification verify(AccountId accountId) {
        return AuditChain.verify(accountId.value(), db.selectFrom(AUDIT_ENTRY)
                .where(AUDIT_ENTRY.ACCOUNT_ID.eq(accountId.value()))
                .orderBy(AUDIT_ENTRY.ENTRY_NUMBER)
                .fetch(r -> new AuditChain.Stored(new AuditChain.Entry(r.getAccountId(), r.getEntryNumber(),
                        r.getEventId(), r.getMessageId(), r.getEventType(), r.getOccurredAt().toInstant(),
                        r.getSummary()), r.getPreviousHash(), r.getEntryHash())));
    }


}
