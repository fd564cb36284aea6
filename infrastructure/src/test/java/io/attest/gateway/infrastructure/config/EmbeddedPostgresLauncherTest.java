package io.attest.gateway.infrastructure.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.env.MockEnvironment;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The embedded database after its gateway is killed: a real PostgreSQL started by a separate JVM that is then killed
 * with SIGKILL, as kill -9 or the kernel's OOM killer would.
 */
class EmbeddedPostgresLauncherTest {

    @TempDir
    Path dataDir;

    private final List<Process> gateways = new ArrayList<>();
    private final List<Long> servers = new ArrayList<>();

    @AfterEach
    void leaveNoProcessBehind() throws Exception {
        gateways.forEach(Process::destroyForcibly);
        for (long pid : servers) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
            ProcessHandle.of(pid).ifPresent(server -> server.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        }
    }

    @Test
    void everyConnectionNeedsThePasswordKeptNextToTheDataAndKeepsNeedingItAfterARestart() throws Exception {
        Path directory = dataDir.resolve("postgres");
        for (int start = 1; start <= 2; start++) {
            try (EmbeddedPostgres postgres = EmbeddedPostgresLauncher.start(directory, 0, config(), false)) {
                String password = EmbeddedPostgresLauncher.passwordOf(directory);
                Path file = dataDir.resolve("postgres-password");
                assertThat(java.nio.file.attribute.PosixFilePermissions.toString(
                        java.nio.file.Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
                String url = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres";

                assertThatThrownBy(() -> java.sql.DriverManager.getConnection(url, "postgres", "not-it").close())
                        .as("start " + start).hasMessageContaining("password authentication failed");
                assertThatThrownBy(() -> java.sql.DriverManager.getConnection(url, "postgres", null).close())
                        .as("start " + start).hasMessageContaining("password");
                try (Connection connection = java.sql.DriverManager.getConnection(url, "postgres", password)) {
                    assertThat(connection.isValid(2)).isTrue();
                }
            }
        }
    }

    @Test
    void aServerLeftRunningByAKilledGatewayIsShutDownAndTheSameDataStartsAgain() throws Exception {
        long orphan = startGateway(false);
        kill9LastGateway();
        assertThat(ProcessHandle.of(orphan).map(ProcessHandle::isAlive)).as("the server outlived its gateway")
                .contains(true);

        try (EmbeddedPostgres restarted = EmbeddedPostgresLauncher.start(dataDir, 0, config(), false)) {
            assertThat(ProcessHandle.of(orphan).filter(ProcessHandle::isAlive)).as("the orphan was shut down").isEmpty();
            assertThat(EmbeddedPostgresLauncher.postmasterPid(dataDir)).isPresent().get().isNotEqualTo(orphan);
            try (Connection connection = restarted.getPostgresDatabase().getConnection();
                 ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM accepted")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString(1)).isEqualTo("answered-202");
            }
        }
    }

    @Test
    void theWatchdogShutsTheServerDownWhenItsGatewayIsKilled() throws Exception {
        long server = startGateway(true);
        kill9LastGateway();

        // polls once a second; a fast shutdown takes a moment more
        boolean stopped = ProcessHandle.of(server).map(handle -> handle.onExit()
                .completeOnTimeout(null, 30, TimeUnit.SECONDS).join() != null).orElse(true);
        assertThat(stopped).as("the server stopped after its gateway died").isTrue();
        assertThat(dataDir.resolve(EmbeddedPostgresLauncher.PID_FILE)).doesNotExist(); // a clean shutdown
    }

    @Test
    void aDirectoryARunningGatewayUsesIsRefusedAndLeftAlone() throws Exception {
        long server = startGateway(true);

        assertThatThrownBy(() -> EmbeddedPostgresLauncher.start(dataDir, 0, config(), false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("in use by a running gateway");
        assertThat(ProcessHandle.of(server).map(ProcessHandle::isAlive)).contains(true);
        assertThat(EmbeddedPostgresLauncher.postmasterPid(dataDir)).contains(server);
    }

    @Test
    void aPidFileThatNamesAnotherProgramNeverGetsThatProgramSignalled() throws Exception {
        EmbeddedPostgresLauncher.start(dataDir, 0, config(), false).close();
        Process stranger = new ProcessBuilder("sleep", "600").start(); // has the pid a dead server once had
        gateways.add(stranger);
        java.nio.file.Files.writeString(dataDir.resolve(EmbeddedPostgresLauncher.PID_FILE),
                stranger.pid() + "\n" + dataDir + "\n");

        try (EmbeddedPostgres restarted = EmbeddedPostgresLauncher.start(dataDir, 0, config(), false)) {
            assertThat(stranger.isAlive()).isTrue();
            assertThat(EmbeddedPostgresLauncher.postmasterPid(dataDir)).isPresent().get().isNotEqualTo(stranger.pid());
        }
        assertThat(stranger.isAlive()).isTrue();
    }

    private static java.util.Map<String, String> config() {
        return EmbeddedPostgresConfiguration.serverConfig(new MockEnvironment());
    }

    /** Starts a JVM that runs the embedded database as the gateway does; returns the server's pid once it is up. */
    private long startGateway(boolean watchdog) throws Exception {
        Process gateway = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmbeddedPostgresGatewayStandIn.class.getName(),
                dataDir.toString(), Boolean.toString(watchdog))
                .redirectErrorStream(true).start();
        gateways.add(gateway);
        BufferedReader output = new BufferedReader(new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String ready = CompletableFuture.supplyAsync(() -> {
            try {
                for (String line; (line = output.readLine()) != null; ) {
                    if (line.startsWith("READY ")) {
                        return line;
                    }
                    seen.append(line).append('\n');
                }
                return null;
            } catch (java.io.IOException e) {
                return null;
            }
        }).completeOnTimeout(null, 120, TimeUnit.SECONDS).join();
        assertThat(ready).as("the gateway's database started; it printed:\n%s", seen).isNotNull();
        long pid = Long.parseLong(ready.substring("READY ".length()).trim());
        servers.add(pid);
        return pid;
    }

    private void kill9LastGateway() {
        Process gateway = gateways.getLast();
        gateway.destroyForcibly(); // SIGKILL: nothing of the JVM runs after it
        assertThat(gateway.onExit().orTimeout(30, TimeUnit.SECONDS).join().exitValue()).isEqualTo(137);
    }
}
