package io.attest.gateway.application.audit.port.in;

import io.attest.gateway.domain.shared.AccountId;

/**
 * Recomputes an account's audit hash chain and checks its signed checkpoints; reports whether both hold, and
 * where they break if not.
 */
public interface VerifyAuditTrailQuery {

    ChainStatus verify(AccountId account);

    /**
     * @param firstBrokenEntry      the entry number where the chain first fails, or null when it holds
     * @param head                  the hash of the last entry: anchor it outside the database to detect truncation
     * @param checkpointsChecked    how many signed checkpoints were checked against the key and the chain
     * @param firstBadCheckpoint    the entry number of the first checkpoint that fails, or null
     */
    record ChainStatus(String accountId, boolean valid, long entriesChecked, Long firstBrokenEntry, String problem,
                       String head, long checkpointsChecked, Long firstBadCheckpoint) {
    }
}
