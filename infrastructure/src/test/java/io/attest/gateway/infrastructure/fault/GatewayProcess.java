package io.attest.gateway.infrastructure.fault;

import io.attest.gateway.infrastructure.GatewayApplication;
import io.attest.gateway.infrastructure.support.GatewayClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The gateway as an operator runs it: a JVM of its own, started with one command, on its embedded defaults (or another
 * node's database), bound to an SMSC on loopback. Its output goes to a log file the failure messages quote.
 */
final class GatewayProcess {

    private final List<String> command;
    private final Path log;
    private final int port;
    private Process process;

    private GatewayProcess(List<String> command, Path log, int port) {
        this.command = command;
        this.log = log;
        this.port = port;
    }

    /** A node of the local profile on {@code dataDir}, serving HTTP on {@code port}, bound to the SMSC on {@code smscPort}. */
    static GatewayProcess node(Path dataDir, int port, int smscPort, String... extra) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+ExitOnOutOfMemoryError", "-Xmx512m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), GatewayApplication.class.getName(),
                "--spring.profiles.active=local",
                "--gateway.data-dir=" + dataDir,
                "--server.port=" + port,
                "--gateway.simulator.enabled=false",
                "--gateway.smpp.host=127.0.0.1", "--gateway.smpp.port=" + smscPort,
                "--gateway.smpp.reconnect-delay=200ms", "--gateway.smpp.max-reconnect-delay=1s",
                // the loads go to a few numbers many times; the velocity rule has its own tests
                "--gateway.limits.defaults.recipient-messages=0",
                // a receipt lost with a killed node is asked for soon, not after the production hour
                "--gateway.receipts.query-after=5s", "--gateway.receipts.check-interval=2s",
                "--gateway.cluster.balance-interval=1s"));
        command.addAll(List.of(extra));
        return new GatewayProcess(command, dataDir.resolveSibling(dataDir.getFileName() + ".log"), port);
    }

    /** Starts it (again, with the same command) and waits until it is ready. */
    GatewayProcess start() {
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new AssertionError("the gateway exited with " + process.exitValue() + " while starting:\n" + tail());
            }
            try {
                HttpResponse<Void> ready = http.send(HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            pause(Duration.ofMillis(250));
        }
        throw new AssertionError("the gateway was not ready within 120 s:\n" + tail());
    }

    /** kill -9: nothing of the JVM runs after it. */
    void kill9() {
        process.destroyForcibly();
        awaitExit();
    }

    /** SIGTERM, as a service manager stops it, and waits for the graceful shutdown. */
    void stop() {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!awaitExit()) {
                kill9();
            }
        }
    }

    private boolean awaitExit() {
        try {
            return process.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    GatewayClient client() {
        return new GatewayClient(port);
    }

    int port() {
        return port;
    }

    /** The last lines of its log, for a failure message. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
