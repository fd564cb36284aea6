package io.attest.gateway.projections.sql;

import io.attest.gateway.projections.TestDatabase;
import org.jooq.DSLContext;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Statements written once run on PostgreSQL over the jOOQ context's connection, with their parameters in order. */
class PreparedSqlTest {

    @RegisterExtension
    static final TestDatabase.PerClass database = TestDatabase.perClass();
    private final DSLContext db = database.db();

    private static final PreparedSql INSERT = new PreparedSql(
            "INSERT INTO prepared_sql_sample (id, at, n) VALUES (?, ?, ?) ON CONFLICT DO NOTHING");
    private static final PreparedSql COUNT_SINCE = new PreparedSql("SELECT count(*) FROM prepared_sql_sample WHERE at > ?");
    private static final PreparedSql COUNT_OF_N = new PreparedSql("SELECT count(*) FROM prepared_sql_sample WHERE n = ?");
    private static final PreparedSql COUNT_OF_IDS =
            new PreparedSql("SELECT count(*) FROM prepared_sql_sample WHERE id = ANY(?)");
    private static final PreparedSql ALL = new PreparedSql("SELECT id, n FROM prepared_sql_sample ORDER BY n");

    @BeforeEach
    void table() {
        db.execute("CREATE TABLE IF NOT EXISTS prepared_sql_sample (id VARCHAR(8) PRIMARY KEY, at TIMESTAMPTZ NOT NULL, n INT)");
        db.execute("TRUNCATE prepared_sql_sample");
    }

    @Test
    void bindsInOrderWithInstantsAsTimestampsWithTimeZone() {
        Instant t0 = Instant.parse("2026-12-08T10:00:00.123456Z");
        assertThat(INSERT.execute(db, "a", t0, 1)).isEqualTo(1);
        assertThat(INSERT.execute(db, "b", t0.plusSeconds(60), 2)).isEqualTo(1);
        assertThat(INSERT.execute(db, "a", t0, 1)).as("a conflict that does nothing").isZero();

        assertThat(COUNT_SINCE.fetchLong(db, -1, t0.minusNanos(1000))).isEqualTo(2);
        assertThat(COUNT_SINCE.fetchLong(db, -1, t0)).isEqualTo(1);
        assertThat(db.resultQuery("SELECT at FROM prepared_sql_sample WHERE id = 'a'")
                .fetchOne(0, java.time.OffsetDateTime.class).toInstant()).isEqualTo(t0);
        assertThat(ALL.fetch(db, row -> row.getString(1) + row.getInt(2))).containsExactly("a1", "b2");
        java.util.List<String> seen = new java.util.ArrayList<>();
        ALL.forEachRow(db, row -> seen.add(row.getString(1)));
        assertThat(seen).containsExactly("a", "b");
        assertThat(COUNT_OF_IDS.fetchLong(db, -1, java.util.List.of("a", "b", "z"))).as("a list binds as one array")
                .isEqualTo(2);
        assertThat(COUNT_OF_IDS.fetchLong(db, -1, java.util.Set.of())).isZero();
    }

    @Test
    void aFailingStatementSaysWhichItWas() {
        assertThatThrownBy(() -> INSERT.execute(db, "c", "not a time", 1))
                .isInstanceOf(DataAccessException.class).hasMessageContaining("INSERT INTO prepared_sql_sample");
    }

    @Test
    void runsInTheTransactionOfTheContext() {
        assertThatThrownBy(() -> db.transaction(configuration -> {
            INSERT.execute(configuration.dsl(), "t", Instant.now(), 9);
            assertThat(COUNT_OF_N.fetchLong(configuration.dsl(), -1, 9)).isEqualTo(1);
            throw new IllegalStateException("roll back");
        })).hasMessageContaining("roll back");

        assertThat(COUNT_OF_N.fetchLong(db, -1, 9)).as("rolled back with the transaction").isZero();
    }
}
