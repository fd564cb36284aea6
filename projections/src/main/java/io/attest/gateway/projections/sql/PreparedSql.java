package io.attest.gateway.projections.sql;

import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A statement of the hot path, its SQL written once and run as a JDBC prepared statement over the connection the jOOQ
 * context would use (the transaction's), so that no query model is built, rendered and bound anew each time: jOOQ did
 * that work on every execution, and it cost the gateway more CPU than the driver's work on the same statements
 * (docs/performance.md). Parameters are bound in order: an {@link Instant} as a {@code timestamptz}, a collection as a
 * {@code text[]} (for {@code = ANY(?)}, one statement however many values), null as an untyped null. The driver keeps
 * the statement prepared on the server once it has been run a few times on a connection.
 */
public final class PreparedSql {

    private final String sql;

    public PreparedSql(String sql) {
        this.sql = sql;
    }

    /** Runs an INSERT, UPDATE or DELETE, or a SELECT whose rows nobody reads; answers the rows changed (0 for a SELECT). */
    public int execute(DSLContext db, Object... parameters) {
        return withStatement(db, statement -> {
            bind(statement, parameters);
            return statement.execute() ? 0 : statement.getUpdateCount();
        });
    }

    /** The first column of the first row as a long, or {@code whenNone} when there is no row or it is null. */
    public long fetchLong(DSLContext db, long whenNone, Object... parameters) {
        return withStatement(db, statement -> {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return whenNone;
                }
                long value = rows.getLong(1);
                return rows.wasNull() ? whenNone : value;
            }
        });
    }

    /**
     * Runs the statement once per row of parameters, as one JDBC batch (nothing is sent for no rows); answers the rows
     * each changed, as the driver reports them.
     */
    public int[] executeBatch(DSLContext db, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return new int[0];
        }
        return withStatement(db, statement -> {
            for (Object[] row : rows) {
                bind(statement, row);
                statement.addBatch();
            }
            return statement.executeBatch();
        });
    }

    /** Reads one row of a result. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    /** Reads one row of a result for its side effects. */
    @FunctionalInterface
    public interface RowConsumer {
        void accept(ResultSet row) throws SQLException;
    }

    /** Hands every row to the consumer, in order. */
    public void forEachRow(DSLContext db, RowConsumer consumer, Object... parameters) {
        fetch(db, row -> {
            consumer.accept(row);
            return null;
        }, parameters);
    }

    /** Every row, mapped. */
    public <T> List<T> fetch(DSLContext db, RowMapper<T> mapper, Object... parameters) {
        return withStatement(db, statement -> {
            bind(statement, parameters);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> mapped = new ArrayList<>();
                while (rows.next()) {
                    mapped.add(mapper.map(rows));
                }
                return mapped;
            }
        });
    }

    @FunctionalInterface
    private interface StatementWork<T> {
        T run(PreparedStatement statement) throws SQLException;
    }

    /** Prepares the statement on the context's connection, runs the work with it, and closes it. */
    private <T> T withStatement(DSLContext db, StatementWork<T> work) {
        return db.connectionResult(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                return work.run(statement);
            } catch (SQLException e) {
                throw failed(e);
            }
        });
    }

    private static void bind(PreparedStatement statement, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            switch (parameters[i]) {
                case Instant at -> statement.setObject(i + 1, at.atOffset(ZoneOffset.UTC));
                case Collection<?> values -> statement.setArray(i + 1, // for "= ANY(?)": one statement for any number
                        statement.getConnection().createArrayOf("text", values.stream().map(String::valueOf).toArray()));
                case null -> statement.setNull(i + 1, Types.NULL);
                case Object value -> statement.setObject(i + 1, value);
            }
        }
    }

    private DataAccessException failed(SQLException e) {
        return new DataAccessException("SQL [" + sql + "]; " + e.getMessage(), e);
    }

    @Override
    public String toString() {
        return sql;
    }
}
