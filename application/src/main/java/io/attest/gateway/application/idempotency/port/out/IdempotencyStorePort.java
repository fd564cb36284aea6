package io.attest.gateway.application.idempotency.port.out;

import io.attest.gateway.domain.shared.AccountId;

import java.time.Instant;
import java.util.Optional;

/** Durable idempotency keys; each call commits on its own. */
public interface IdempotencyStorePort {

    /** Inserts the key if it is new; false when the account already has it. */
    boolean claim(AccountId account, String key, String requestSha256, String messageId, Instant now);

    Optional<StoredKey> find(AccountId account, String key);

    /** Takes over a key whose request never finished and started before {@code staleBefore}; true if taken. */
    boolean takeOverStale(AccountId account, String key, Instant staleBefore, Instant now);

    void complete(AccountId account, String key, int status, String body, String location, Instant now);

    void release(AccountId account, String key);

    int deleteOlderThan(Instant before);

    record StoredKey(String requestSha256, String messageId, Integer status, String body, String location,
                     Instant createdAt) {

        public boolean completed() {
            return status != null;
        }
    }
}
