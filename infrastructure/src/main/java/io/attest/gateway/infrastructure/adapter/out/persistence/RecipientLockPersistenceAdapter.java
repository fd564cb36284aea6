package io.attest.gateway.infrastructure.adapter.out.persistence;

import io.attest.gateway.application.compliance.port.out.RecipientLockPort;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * PostgreSQL transaction-level advisory locks, one per recipient: {@code pg_advisory_xact_lock(namespace, hash)}. The
 * lock is released by the commit or rollback of the transaction that took it, on whichever node. Two recipients whose
 * numbers hash alike share a lock: they wait for each other, which costs time, never correctness.
 */
@Component
class RecipientLockPersistenceAdapter implements RecipientLockPort {

    /** The first key of the gateway's recipient locks, so other advisory locks in the database never collide. */
    static final int NAMESPACE = 0x5EC0_0001;

    /** SQL written once, run by JDBC in the transaction that records the send: no query model rendered each time. */
    private static final String LOCK = "SELECT pg_advisory_xact_lock(?, ?)";

    private final JdbcTemplate jdbc;

    RecipientLockPersistenceAdapter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void lockUntilTransactionEnds(PhoneNumber recipient) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            // outside a transaction the lock would end with its own statement and protect nothing
            throw new IllegalStateException("a recipient lock needs a transaction to hold it");
        }
        jdbc.query(LOCK, rows -> null, NAMESPACE, recipient.e164().hashCode());
    }
}
