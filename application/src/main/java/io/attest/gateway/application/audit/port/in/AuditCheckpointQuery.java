package io.attest.gateway.application.audit.port.in;

import io.attest.gateway.domain.shared.AccountId;

import java.time.Instant;
import java.util.List;

/** The signed checkpoints of an account's audit chain, and the key that signs them, to anchor elsewhere. */
public interface AuditCheckpointQuery {

    List<Checkpoint> checkpoints(AccountId account, long afterEntry, int limit);

    SigningKey signingKey();

    /** @param signedText the exact text signed: format line, account, entry number, head hash, time */
    record Checkpoint(String accountId, long entryNumber, String headHash, Instant createdAt, String keyId,
                      String signature, String signedText) {
    }

    record SigningKey(String keyId, String algorithm, String publicKeyPem) {
    }
}
