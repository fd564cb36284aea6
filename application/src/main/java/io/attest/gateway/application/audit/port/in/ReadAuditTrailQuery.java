package io.attest.gateway.application.audit.port.in;

import io.attest.gateway.domain.shared.AccountId;

import java.time.Instant;
import java.util.List;

/** An account's audit trail, entry by entry, with the hashes that chain them. */
public interface ReadAuditTrailQuery {

    List<Entry> entries(AccountId account, long afterEntry, int limit);

    /** @param subject the message, consent ({@code brand/subscriber}) or export ({@code export/id}) it is about */
    record Entry(long entryNumber, String subject, String eventType, Instant occurredAt, String summary,
                 String previousHash, String entryHash) {
    }
}
