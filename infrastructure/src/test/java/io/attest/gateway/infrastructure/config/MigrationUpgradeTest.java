package io.attest.gateway.infrastructure.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.YamlPropertiesFactoryBean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A gateway upgraded in place: its database already holds every module's migrations up to the newest audit one (V2xx),
 * and the new release brings lower-numbered ones (a new V24 of the gateway, a new V112 of the read models). They are
 * applied when it starts, as the gateway's Flyway settings say, instead of the start failing on migrations "not
 * applied". A real PostgreSQL, the real scripts.
 */
class MigrationUpgradeTest {

    /** The migrations this release adds below the newest one, with a table each creates. */
    private static final Map<String, String> ADDED = Map.of("24", "bulk_send", "25", "email_gateway_account",
            "112", "registry_entry");

    private static Flyway flyway(DataSource database, boolean outOfOrder) {
        return Flyway.configure().dataSource(database).locations("classpath:db/migration")
                .placeholders(Map.of("application_role", "")).outOfOrder(outOfOrder).load();
    }

    private static boolean gatewayMigratesOutOfOrder() {
        YamlPropertiesFactoryBean yaml = new YamlPropertiesFactoryBean();
        yaml.setResources(new ClassPathResource("application.yml"));
        Properties properties = yaml.getObject();
        return Boolean.parseBoolean(properties.getProperty("spring.flyway.out-of-order"));
    }

    @Test
    void aDatabasePastTheNewestAuditMigrationTakesTheNewLowerOnes() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            DataSource database = postgres.getPostgresDatabase();
            JdbcTemplate jdbc = new JdbcTemplate(database);
            flyway(database, true).migrate();
            // the database as the release before left it: without what the new migrations create
            jdbc.execute("DROP TABLE bulk_send_row, bulk_send, email_gateway_account, email_gateway_credential, "
                    + "email_origin, email_fanout_cursor, registry_entry");
            jdbc.update("DELETE FROM flyway_schema_history WHERE version IN ('24', '25', '112')");

            assertThatThrownBy(() -> flyway(database, false).migrate()).as("without out-of-order")
                    .isInstanceOf(FlywayException.class);
            assertThat(gatewayMigratesOutOfOrder()).as("spring.flyway.out-of-order in application.yml").isTrue();
            flyway(database, gatewayMigratesOutOfOrder()).migrate();

            for (var added : ADDED.entrySet()) {
                assertThat(jdbc.queryForObject("SELECT success FROM flyway_schema_history WHERE version = ?",
                        Boolean.class, added.getKey())).as("V" + added.getKey()).isTrue();
                assertThat(jdbc.queryForObject("SELECT to_regclass(?) IS NOT NULL", Boolean.class, added.getValue()))
                        .as(added.getValue()).isTrue();
            }
            assertThat(jdbc.queryForList("SELECT version FROM flyway_schema_history WHERE NOT success", String.class))
                    .isEqualTo(List.of());
        }
    }
}
