package io.attest.gateway.infrastructure.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Starts the embedded PostgreSQL on a data directory of the gateway's own, whatever a gateway that died before left
 * behind, and makes sure the server does not outlive the gateway that started it.
 *
 * <ul>
 *     <li><b>A server left running.</b> PostgreSQL runs as a process of its own: when the gateway is killed (kill -9,
 *     the kernel's OOM killer) it keeps running and holds the data directory, and a new start would fail. Before
 *     starting, the launcher takes the directory's lock (the file {@code epg-lock}, which every running gateway holds
 *     while it uses the directory, and the operating system releases when that gateway dies). With the lock taken, a
 *     postmaster named in the directory's {@code postmaster.pid} belongs to a gateway that no longer runs: it is shut
 *     down (fast shutdown: its sessions end, what was committed stays) and the server starts again on the same data.
 *     A directory whose lock is held is in use by a running gateway: the start fails and says so, and nothing of the
 *     other gateway is touched. A process that merely reuses a dead server's pid is never signalled.</li>
 *     <li><b>A server that outlives its gateway.</b> Next to the server a small watchdog process runs (POSIX
 *     {@code sh}); it polls once a second whether the gateway's JVM is alive, and when the JVM is gone while the
 *     server still runs (and the directory's {@code postmaster.pid} still names it), it asks the server to shut
 *     down fast. A gateway that stops normally stops its server first; the watchdog then ends by itself.</li>
 * </ul>
 */
public final class EmbeddedPostgresLauncher {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresLauncher.class);

    /** The lock file the embedded-database library holds in the data directory while a server runs on it. */
    static final String LOCK_FILE = "epg-lock";
    static final String PID_FILE = "postmaster.pid";
    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(60);

    private static final String WATCHDOG = """
            while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done
            if kill -0 "$2" 2>/dev/null && [ "$(head -n 1 "$3/postmaster.pid" 2>/dev/null)" = "$2" ]; then
              kill -INT "$2"
            fi
            """;

    private EmbeddedPostgresLauncher() {
    }

    /**
     * Starts the server on the directory (created if need be), first shutting down a server a dead gateway left
     * running there.
     *
     * @param port     0 for any free port
     * @param watchdog whether a watchdog stops the server when this JVM dies without stopping it
     * @throws IllegalStateException when a running gateway uses the directory
     */
    public static EmbeddedPostgres start(Path directory, int port, Map<String, String> serverConfig, boolean watchdog)
            throws IOException {
        Files.createDirectories(directory);
        stopServerOfDeadGateway(directory);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory.toFile())
                .setCleanDataDirectory(false)
                // Spring stops it, after everything that uses the database; a JVM hook of its own would
                // race the application's shutdown and pull the database from under the event processors
                .setRegisterShutdownHook(false);
        serverConfig.forEach(builder::setServerConfig);
        if (port > 0) {
            builder.setPort(port);
        }
        String password = passwordOf(directory);
        builder.setConnectConfig("password", password); // also how the library checks that the server is up
        EmbeddedPostgres postgres = builder.start();
        if (watchdog) {
            postmasterPid(directory).ifPresent(pid -> startWatchdog(directory, pid));
        }
        requirePassword(postgres, directory, password);
        PASSWORDS.put(postgres, password);
        return postgres;
    }

    private static final Map<EmbeddedPostgres, String> PASSWORDS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** The password of a server this launcher started. */
    public static String passwordOf(EmbeddedPostgres server) {
        String password = PASSWORDS.get(server);
        if (password == null) {
            throw new IllegalArgumentException("not a server started by EmbeddedPostgresLauncher");
        }
        return password;
    }

    /**
     * The password of the embedded server's {@code postgres} role, kept next to its data directory
     * ({@code <data-dir>/postgres-password}, readable by its owner only) and made there the first time.
     */
    public static String passwordOf(Path directory) throws IOException {
        Path file = directory.toAbsolutePath().resolveSibling(directory.getFileName() + "-password");
        if (Files.exists(file)) {
            return Files.readString(file, java.nio.charset.StandardCharsets.US_ASCII).trim();
        }
        byte[] random = new byte[24];
        new java.security.SecureRandom().nextBytes(random);
        String password = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Files.writeString(file, password + "\n", java.nio.charset.StandardCharsets.US_ASCII,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // best effort on file systems without POSIX permissions
        }
        return password;
    }

    /**
     * The library makes the server trust every local connection, superuser included. The {@code postgres} role gets
     * the password, and {@code pg_hba.conf} asks every connection for it (SCRAM), on sockets and loopback alike.
     */
    private static void requirePassword(EmbeddedPostgres postgres, Path directory, String password) throws IOException {
        Path hba = directory.resolve("pg_hba.conf");
        if (Files.readString(hba).contains(HBA_MARK)) {
            return; // done at an earlier start
        }
        try (java.sql.Connection connection = postgres.getPostgresDatabase().getConnection();
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER ROLE postgres PASSWORD '" + password.replace("'", "''") + "'");
            Files.writeString(hba, HBA_MARK + "\n"
                    + "local   all   all                  scram-sha-256\n"
                    + "host    all   all   127.0.0.1/32   scram-sha-256\n"
                    + "host    all   all   ::1/128        scram-sha-256\n");
            statement.execute("SELECT pg_reload_conf()");
        } catch (java.sql.SQLException e) {
            throw new IOException("cannot give the embedded PostgreSQL its password: " + e.getMessage(), e);
        }
        log.info("Embedded PostgreSQL asks every connection for the password in {}",
                directory.toAbsolutePath().resolveSibling(directory.getFileName() + "-password"));
    }

    private static final String HBA_MARK = "# attest gateway: every connection needs the password of <data-dir>/postgres-password";

    /** The pid in the directory's {@code postmaster.pid}, if there is one. */
    static Optional<Long> postmasterPid(Path directory) {
        try {
            List<String> lines = Files.readAllLines(directory.resolve(PID_FILE));
            return lines.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(lines.getFirst().trim()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            log.warn("Cannot read {}: {}", directory.resolve(PID_FILE), e.toString());
            return Optional.empty();
        }
    }

    /**
     * Shuts down the postmaster a gateway that no longer runs left on the directory, if there is one.
     *
     * @throws IllegalStateException when a running gateway holds the directory
     */
    static void stopServerOfDeadGateway(Path directory) throws IOException {
        Optional<Long> pid = postmasterPid(directory);
        if (pid.isEmpty()) {
            return;
        }
        try (FileChannel channel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this JVM runs a server on it
            }
            if (lock == null) {
                throw new IllegalStateException("The embedded database directory " + directory + " is in use by a"
                        + " running gateway (its " + LOCK_FILE + " is locked): stop that gateway, or give this one"
                        + " another gateway.data-dir");
            }
            try {
                Optional<ProcessHandle> server = ProcessHandle.of(pid.get()).filter(ProcessHandle::isAlive);
                if (server.isEmpty()) {
                    return; // a stale pid file: PostgreSQL sees that its process is gone and starts
                }
                if (!isPostgres(server.get())) {
                    // the pid was reused by some other process: the file is stale, and PostgreSQL would refuse it
                    log.warn("{} names pid {}, now another program ({}): removing the stale file",
                            directory.resolve(PID_FILE), pid.get(), server.get().info().command().orElse("?"));
                    Files.deleteIfExists(directory.resolve(PID_FILE));
                    return;
                }
                log.warn("The embedded PostgreSQL (pid {}) of a gateway that no longer runs still holds {}: shutting it"
                        + " down before starting again", pid.get(), directory);
                shutDown(server.get());
            } finally {
                lock.release();
            }
        }
    }

    /** Only a process whose program is known to be PostgreSQL's server is ever signalled. */
    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(command -> Path.of(command).getFileName().toString())
                .filter(name -> name.equals("postgres") || name.equals("postmaster") || name.equals("postgres.exe"))
                .isPresent();
    }

    /** Fast shutdown (SIGINT): sessions end, the server checkpoints and exits; forced only if it does not. */
    private static void shutDown(ProcessHandle server) throws IOException {
        try {
            boolean signalled = new ProcessBuilder("kill", "-INT", Long.toString(server.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                    .waitFor(10, TimeUnit.SECONDS);
            if (!signalled) {
                server.destroy();
            }
            if (exited(server, SHUTDOWN_WAIT)) {
                return;
            }
            log.warn("The embedded PostgreSQL (pid {}) did not shut down in {}: killing it", server.pid(), SHUTDOWN_WAIT);
            server.destroyForcibly();
            if (!exited(server, Duration.ofSeconds(10))) {
                throw new IOException("the embedded PostgreSQL " + server.pid() + " did not stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while shutting down the embedded PostgreSQL " + server.pid(), e);
        }
    }

    private static boolean exited(ProcessHandle process, Duration wait) throws InterruptedException {
        try {
            process.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        }
    }

    private static void startWatchdog(Path directory, long serverPid) {
        if (System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows")) {
            return;
        }
        try {
            new ProcessBuilder("sh", "-c", WATCHDOG, "embedded-postgres-watchdog",
                    Long.toString(ProcessHandle.current().pid()), Long.toString(serverPid), directory.toString())
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            log.warn("No watchdog for the embedded PostgreSQL (pid {}): it would outlive a killed gateway ({})",
                    serverPid, e.toString());
        }
    }
}
