package io.attest.gateway.application.idempotency;

import io.attest.gateway.application.idempotency.port.in.IdempotentRequestUseCase;
import io.attest.gateway.application.idempotency.port.out.IdempotencyStorePort;
import io.attest.gateway.domain.shared.AccountId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Keys are claimed with an insert that only one request can win, so concurrent requests with one key
 * produce one message. A request that never finished (the gateway stopped mid-way) is taken over after
 * {@code staleAfter} with the same message id, so its retry cannot create a second message.
 */
public class IdempotencyService implements IdempotentRequestUseCase {

    private static final Duration WAIT_FOR_FIRST = Duration.ofSeconds(5);

    private final IdempotencyStorePort store;
    private final Clock clock;
    private final Duration staleAfter;
    private final Duration retention;

    public IdempotencyService(IdempotencyStorePort store, Clock clock, Duration staleAfter, Duration retention) {
        this.store = store;
        this.clock = clock;
        this.staleAfter = staleAfter;
        this.retention = retention;
    }

    @Override
    public Outcome begin(AccountId account, String key, String requestSha256) {
        String messageId = UUID.randomUUID().toString();
        if (store.claim(account, key, requestSha256, messageId, clock.instant())) {
            return new Proceed(messageId);
        }
        long deadline = System.nanoTime() + WAIT_FOR_FIRST.toNanos();
        while (true) {
            var stored = store.find(account, key);
            if (stored.isEmpty()) {
                // released by a failed first request between our claim and our read: claim again
                return store.claim(account, key, requestSha256, messageId, clock.instant())
                        ? new Proceed(messageId) : new InProgress();
            }
            var existing = stored.get();
            if (!existing.requestSha256().equals(requestSha256)) {
                return new Mismatch();
            }
            if (existing.completed()) {
                return new Replay(existing.status(), existing.body(), existing.location());
            }
            Instant now = clock.instant();
            if (store.takeOverStale(account, key, now.minus(staleAfter), now)) {
                return new Proceed(existing.messageId());
            }
            if (System.nanoTime() > deadline) {
                return new InProgress();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new InProgress();
            }
        }
    }

    @Override
    public void complete(AccountId account, String key, int status, String body, String location) {
        store.complete(account, key, status, body, location, clock.instant());
    }

    @Override
    public void abandon(AccountId account, String key) {
        store.release(account, key);
    }

    /** Forgets keys older than the retention (at least 24 hours). */
    public int forgetExpired() {
        return store.deleteOlderThan(clock.instant().minus(retention));
    }
}
