package io.attest.gateway.infrastructure.adapter.out.persistence;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** The two ways the persistence adapters run their statements outside a caller's transaction. */
final class Transactions {

    private Transactions() {
    }

    /** A transaction of its own, committed when the callback returns, whatever the caller's transaction does. */
    static TransactionTemplate ownTransaction(PlatformTransactionManager transactionManager) {
        return withPropagation(transactionManager, TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** No transaction: each statement commits by itself (a single read needs no commit to wait for). */
    static TransactionTemplate noTransaction(PlatformTransactionManager transactionManager) {
        return withPropagation(transactionManager, TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
    }

    private static TransactionTemplate withPropagation(PlatformTransactionManager transactionManager, int propagation) {
        TransactionTemplate template = new TransactionTemplate(transactionManager);
        template.setPropagationBehavior(propagation);
        return template;
    }
}
