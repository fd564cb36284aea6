package io.attest.gateway.infrastructure.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.nio.file.Path;
import java.sql.Connection;

/**
 * A gateway's JVM as far as its embedded database goes, for {@link EmbeddedPostgresLauncherTest}: starts the server on
 * the directory as the gateway does, records a row, prints {@code READY <postmaster pid>} and runs until it is killed.
 * Arguments: the data directory, and whether the watchdog runs.
 */
public final class EmbeddedPostgresGatewayStandIn {

    public static void main(String[] args) throws Exception {
        EmbeddedPostgres postgres = EmbeddedPostgresLauncher.start(Path.of(args[0]), 0,
                EmbeddedPostgresConfiguration.serverConfig(new org.springframework.mock.env.MockEnvironment()),
                Boolean.parseBoolean(args[1]));
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            connection.createStatement().execute("CREATE TABLE IF NOT EXISTS accepted (id text PRIMARY KEY)");
            connection.createStatement().execute("INSERT INTO accepted VALUES ('answered-202') ON CONFLICT DO NOTHING");
        }
        System.out.println("READY " + EmbeddedPostgresLauncher.postmasterPid(Path.of(args[0])).orElseThrow());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE); // until killed, as a gateway under kill -9 is
        postgres.close();
    }

    private EmbeddedPostgresGatewayStandIn() {
    }
}
