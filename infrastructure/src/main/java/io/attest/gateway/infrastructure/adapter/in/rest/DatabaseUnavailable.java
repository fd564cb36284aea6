package io.attest.gateway.infrastructure.adapter.in.rest;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Whether a failure means the database cannot be reached (no connection within the pool's timeout, a refused or
 * broken connection, a server shutting down), as opposed to a fault in a statement. Axon, Spring and jOOQ wrap the
 * JDBC driver's exception in their own, so the whole cause chain is read.
 */
final class DatabaseUnavailable {

    private DatabaseUnavailable() {
    }

    static boolean causes(Throwable failure) {
        return connectionFailure(failure) != null;
    }

    /** The connection failure in the chain, in a few words for the log (no stack trace: it is not a bug). */
    static String describe(Throwable failure) {
        Throwable cause = connectionFailure(failure);
        return cause == null ? String.valueOf(failure) : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static Throwable connectionFailure(Throwable failure) {
        // causes, suppressed exceptions, and the failure a failed rollback hid: a broken connection is often seen
        // first by the rollback ("Connection is closed"), after the statement that met it
        java.util.ArrayDeque<Throwable> toRead = new java.util.ArrayDeque<>();
        java.util.Set<Throwable> read = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        toRead.add(failure);
        while (!toRead.isEmpty() && read.size() < 64) {
            Throwable cause = toRead.poll();
            if (!read.add(cause)) {
                continue;
            }
            if (isConnectionFailure(cause)) {
                return cause;
            }
            if (cause.getCause() != null) {
                toRead.add(cause.getCause());
            }
            toRead.addAll(java.util.List.of(cause.getSuppressed()));
            if (cause instanceof org.springframework.transaction.TransactionSystemException transaction
                    && transaction.getApplicationException() != null) {
                toRead.add(transaction.getApplicationException());
            }
        }
        return null;
    }

    private static boolean isConnectionFailure(Throwable cause) {
        if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                || cause instanceof java.net.ConnectException || cause instanceof java.net.SocketException
                || cause instanceof org.springframework.transaction.CannotCreateTransactionException
                || cause instanceof org.springframework.jdbc.CannotGetJdbcConnectionException
                || cause instanceof org.springframework.dao.DataAccessResourceFailureException) {
            return true;
        }
        if (cause instanceof SQLException sql) {
            String state = sql.getSQLState();
            // class 08: connection exception; 57P01-57P03: the server is shutting down or starting; the pool's own
            // words for a connection it closed because it broke
            return state != null ? state.startsWith("08") || state.startsWith("57P0")
                    : "Connection is closed".equals(sql.getMessage());
        }
        return false;
    }
}
