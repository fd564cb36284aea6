package io.attest.gateway.infrastructure.adapter.out.persistence;

import io.attest.gateway.application.idempotency.port.out.IdempotencyStorePort;
import io.attest.gateway.domain.shared.AccountId;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static io.attest.gateway.infrastructure.jooq.Tables.IDEMPOTENCY_KEY;

/** Idempotency keys in PostgreSQL; every call commits on its own. */
@Component
class IdempotencyPersistenceAdapter implements IdempotencyStorePort {

    private final DSLContext db;
    private final TransactionTemplate ownTransaction;

    IdempotencyPersistenceAdapter(DSLContext db, PlatformTransactionManager transactionManager) {
        this.db = db;
        this.ownTransaction = Transactions.ownTransaction(transactionManager);
    }

    @Override
    public boolean claim(AccountId account, String key, String requestSha256, String messageId, Instant now) {
        Integer inserted = ownTransaction.execute(status -> db.insertInto(IDEMPOTENCY_KEY)
                .set(IDEMPOTENCY_KEY.ACCOUNT_ID, account.value())
                .set(IDEMPOTENCY_KEY.IDEMPOTENCY_KEY_, key)
                .set(IDEMPOTENCY_KEY.REQUEST_SHA256, requestSha256)
                .set(IDEMPOTENCY_KEY.MESSAGE_ID, messageId)
                .set(IDEMPOTENCY_KEY.CREATED_AT, now.atOffset(ZoneOffset.UTC))
                .onConflictDoNothing()
                .execute());
        return inserted != null && inserted == 1;
    }

    @Override
    public Optional<StoredKey> find(AccountId account, String key) {
        return ownTransaction.execute(status -> db.selectFrom(IDEMPOTENCY_KEY)
                .where(IDEMPOTENCY_KEY.ACCOUNT_ID.eq(account.value()))
                .and(IDEMPOTENCY_KEY.IDEMPOTENCY_KEY_.eq(key))
                .fetchOptional(r -> new StoredKey(r.getRequestSha256(), r.getMessageId(), r.getResponseStatus(),
                        r.getResponseBody(), r.getResponseLocation(), r.getCreatedAt().toInstant())));
    }

    @Override
    public boolean takeOverStale(AccountId account, String key, Instant staleBefore, Instant now) {
        Integer updated = ownTransaction.execute(status -> db.update(IDEMPOTENCY_KEY)
                .set(IDEMPOTENCY_KEY.CREATED_AT, now.atOffset(ZoneOffset.UTC))
                .where(IDEMPOTENCY_KEY.ACCOUNT_ID.eq(account.value()))
                .and(IDEMPOTENCY_KEY.IDEMPOTENCY_KEY_.eq(key))
                .and(IDEMPOTENCY_KEY.RESPONSE_STATUS.isNull())
                .and(IDEMPOTENCY_KEY.CREATED_AT.lt(staleBefore.atOffset(ZoneOffset.UTC)))
                .execute());
        return updated != null && updated == 1;
    }

    @Override
    public void complete(AccountId account, String key, int status, String body, String location, Instant now) {
        ownTransaction.executeWithoutResult(tx -> db.update(IDEMPOTENCY_KEY)
                .set(IDEMPOTENCY_KEY.RESPONSE_STATUS, status)
                .set(IDEMPOTENCY_KEY.RESPONSE_BODY, body)
                .set(IDEMPOTENCY_KEY.RESPONSE_LOCATION, location)
                .set(IDEMPOTENCY_KEY.COMPLETED_AT, now.atOffset(ZoneOffset.UTC))
                .where(IDEMPOTENCY_KEY.ACCOUNT_ID.eq(account.value()))
                .and(IDEMPOTENCY_KEY.IDEMPOTENCY_KEY_.eq(key))
                .execute());
    }

    @Override
    public void release(AccountId account, String key) {
        ownTransaction.executeWithoutResult(tx -> db.deleteFrom(IDEMPOTENCY_KEY)
                .where(IDEMPOTENCY_KEY.ACCOUNT_ID.eq(account.value()))
                .and(IDEMPOTENCY_KEY.IDEMPOTENCY_KEY_.eq(key))
                .and(IDEMPOTENCY_KEY.RESPONSE_STATUS.isNull())
                .execute());
    }

    @Override
    public int deleteOlderThan(Instant before) {
        Integer deleted = ownTransaction.execute(status -> db.deleteFrom(IDEMPOTENCY_KEY)
                .where(IDEMPOTENCY_KEY.CREATED_AT.lt(before.atOffset(ZoneOffset.UTC)))
                .execute());
        return deleted == null ? 0 : deleted;
    }
}
