package io.attest.gateway.infrastructure.config;

import org.axonframework.common.transaction.Transaction;
import org.axonframework.common.transaction.TransactionManager;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Transactions that commit without waiting for PostgreSQL to flush them to disk ({@code synchronous_commit} off for
 * the transaction), for event processors whose every write can be made again from the event store: the message
 * dispatch processor (its position only: each message's commands commit durably on their own) and the message read
 * model (status, timeline and charge rows, rebuilt by replay).
 *
 * <p>What a crash can lose is the last fraction of a second of such commits, rows and position together, since both
 * are in the one transaction: the processor then handles those events again from its stored position, which every
 * handler is safe to do (docs/operations.md#a-crash-and-the-restart). A later durable commit on the same database
 * flushes them anyway, the log being written in order. Nothing answered to a client depends on them being on disk:
 * every 202 and every decision to submit is committed durably by its command. The audit trail, the consent ledger and
 * the event feed (whose ids clients page by) keep waiting for the disk.
 */
final class NoFlushWaitTransactionManager implements TransactionManager {

    private final TransactionManager transactions;
    private final JdbcTemplate jdbc;

    NoFlushWaitTransactionManager(TransactionManager transactions, JdbcTemplate jdbc) {
        this.transactions = transactions;
        this.jdbc = jdbc;
    }

    @Override
    public Transaction startTransaction() {
        Transaction transaction = transactions.startTransaction();
        try {
            // LOCAL: for this transaction only, on the connection Spring bound to it; in an enclosing transaction
            // (none for a processor's batch) it would apply to that one, which it joins
            jdbc.execute("SET LOCAL synchronous_commit TO OFF");
        } catch (RuntimeException e) {
            transaction.rollback();
            throw e;
        }
        return transaction;
    }
}
