package io.attest.gateway.application.audit.port.in;

import io.attest.gateway.domain.shared.AccountId;

/** Recomputes an account's audit hash chain and reports whether it holds, and where it breaks if not. */
public interface VerifyAuditTrailQuery {

    ChainStatus verify(AccountId account);

    /**
     * @param firstBrokenEntry the entry number where the chain first fails, or null when it holds
     * @param head             the hash of the last entry: anchor it outside the database to detect truncation
     */
    record ChainStatus(String accountId, boolean valid, long entriesChecked, Long firstBrokenEntry, String problem,
                       String head) {
    }
}
