package io.attest.gateway.audit.trail;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

import java.io.IOException;

/** A real PostgreSQL for this module's tests: embedded, migrated with the module's own Flyway scripts. */
public final class TestDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    public final DSLContext db;

    private TestDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.db = DSL.using(postgres.getPostgresDatabase(), SQLDialect.POSTGRES);
    }

    public static TestDatabase start() throws IOException {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        Flyway.configure().dataSource(postgres.getPostgresDatabase()).locations("classpath:db/migration").load().migrate();
        return new TestDatabase(postgres);
    }

    /** JDBC URL of the database, for a process of its own. */
    public String jdbcUrl() {
        return postgres.getJdbcUrl("postgres", "postgres");
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }

    /** One database per test class, as an extension: started before the class's first test, stopped after its last. */
    public static PerClass perClass() {
        return new PerClass();
    }

    /** Registered with {@code @RegisterExtension static final}; its {@link #db()} serves the class's tests. */
    public static final class PerClass implements org.junit.jupiter.api.extension.BeforeAllCallback,
            org.junit.jupiter.api.extension.AfterAllCallback {

        private TestDatabase database;

        public DSLContext db() {
            return database.db;
        }

        @Override
        public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) throws IOException {
            database = TestDatabase.start();
        }

        @Override
        public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) throws IOException {
            database.close();
        }
    }
}
