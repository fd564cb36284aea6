package io.attest.gateway.infrastructure.fault;

import io.attest.gateway.infrastructure.config.EmbeddedPostgresLauncher;
import io.attest.gateway.infrastructure.simulator.SimulatorProperties;
import io.attest.gateway.infrastructure.simulator.SmscSimulator;
import io.attest.gateway.infrastructure.support.GatewayClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The failures an operator meets, played on real processes: the gateway as a JVM of its own started with one command,
 * its embedded PostgreSQL, an SMSC on loopback (the simulator, in this JVM, so that it outlives a gateway), and HTTP
 * clients sending all the while. Each scenario prints accepted / delivered / lost / duplicated and fails on any loss,
 * and on any message the SMSC took twice that its timeline does not mark as possibly sent twice (docs/operations.md,
 * "What happens when something fails").
 */
@Tag("fault")
class FaultSuiteTest {

    private static final String SENDER = "+15551234567";
    /** How long nothing more may be delivered before what is still not is counted lost. */
    private static final Duration SETTLE = Duration.ofSeconds(60);
    /** How long every bind is down in the carrier scenario: 10 s in the suite, {@code -Dfault.carrier-outage=60} for a minute. */
    private static final Duration CARRIER_OUTAGE = Duration.ofSeconds(Long.getLong("fault.carrier-outage", 10));

    @TempDir
    Path dir;

    private int smscPort;
    private io.attest.gateway.infrastructure.support.SimulatorProbe smsc;
    private final List<GatewayProcess> nodes = new ArrayList<>();
    private final List<String> recipients = new ArrayList<>();

    @BeforeEach
    void smsc() throws IOException {
        smscPort = freePort();
        smsc = io.attest.gateway.infrastructure.support.SimulatorProbe.on(new SmscSimulator(new SimulatorProperties(true, smscPort, "attest", "attest", Duration.ofMillis(20),
                List.of())));
        smsc.start();
        for (int i = 0; i < 20; i++) {
            recipients.add("+1555766%04d".formatted(i));
        }
    }

    @AfterEach
    void stopAll() {
        nodes.forEach(GatewayProcess::kill9);
        smsc.stop();
    }

    private GatewayProcess node(String name, String... extra) throws IOException {
        GatewayProcess node = GatewayProcess.node(dir.resolve(name), freePort(), smscPort, extra);
        nodes.add(node);
        return node;
    }

    @Test
    void killNineUnderLoadThenTheSameCommandStartsItAgainAndNothingAcceptedIsLost() throws Exception {
        GatewayProcess gateway = node("a").start();
        String token = prepare(gateway.client());

        try (Load load = new Load(List.of(gateway.client()), token, recipients)) {
            load.runFor(Duration.ofSeconds(4));
            gateway.kill9();
            load.runFor(Duration.ofSeconds(1)); // clients that meet a dead gateway: nothing answered, nothing promised
            gateway.start(); // the same command; the embedded database the killed JVM left behind is taken over
            load.runFor(Duration.ofSeconds(3));
            load.stop();
            Outcome outcome = settle("kill -9 under load, restart", gateway.client(), token, load);
            assertThat(outcome.acceptedBeforeTheFault()).as("messages accepted before the kill").isPositive();
            outcome.assertNothingLost(gateway);
        }
    }

    @Test
    void everyBindDownForAWhileThenAFlappingBindUnderLoadDelaysMessagesButLosesNone() throws Exception {
        GatewayProcess gateway = node("a").start();
        String token = prepare(gateway.client());

        try (Load load = new Load(List.of(gateway.client()), token, recipients)) {
            load.runFor(Duration.ofSeconds(2));
            smsc.stop(); // every bind down: messages are accepted and wait
            GatewayClient.Response shortLived = gateway.client().post("/v1/messages", token, """
                    {"from": "%s", "to": "%s", "text": "valid for two seconds", "validFor": "PT2S"}""".formatted(
                    SENDER, recipients.getFirst()));
            assertThat(shortLived.status()).as(shortLived.body()).isEqualTo(202);
            load.runFor(CARRIER_OUTAGE);
            smsc.start();
            for (int i = 0; i < 5; i++) { // then a bind that keeps dropping
                load.runFor(Duration.ofMillis(1500));
                smsc.dropConnections();
            }
            load.stop();
            Outcome outcome = settle("carrier down " + CARRIER_OUTAGE.toSeconds() + " s, then flapping", gateway.client(),
                    token, load);
            outcome.assertNothingLost(gateway);
            // its validity ended while every bind was down: it ends expired, and never reaches the SMSC late
            String id = shortLived.json().get("id").asString();
            assertThat(gateway.client().get("/v1/messages/" + id, token).json().get("status").asString())
                    .isEqualTo("expired");
            assertThat(smsc.received()).noneMatch(submit -> submit.text().equals("valid for two seconds"));
        }
    }

    @Test
    void aNodeKilledUnderLoadLeavesItsShareToTheOtherAndNothingEitherAcceptedIsLost() throws Exception {
        int databasePort = freePort();
        GatewayProcess a = node("a", "--gateway.embedded-postgres.port=" + databasePort,
                "--gateway.dispatch.message-cache=false").start();
        Path dataOfA = dir.resolve("a");
        GatewayProcess b = node("b", "--spring.datasource.url=jdbc:postgresql://localhost:" + databasePort + "/postgres",
                "--spring.datasource.username=postgres",
                "--spring.datasource.password=" + Files.readString(dataOfA.resolve("postgres-password")).trim(),
                "--gateway.audit.signing-key-file=" + dataOfA.resolve("audit-signing-key.pem"),
                "--gateway.webhooks.secret-key-file=" + dataOfA.resolve("webhook-secret-key"),
                "--gateway.local-issuer.key-file=" + dataOfA.resolve("local-issuer-key.pem"),
                "--gateway.dispatch.message-cache=false").start();
        String token = prepare(a.client());

        try (Load load = new Load(List.of(a.client(), b.client()), token, recipients)) {
            load.runFor(Duration.ofSeconds(4));
            b.kill9();
            load.runFor(Duration.ofSeconds(3));
            load.stop();
            Outcome outcome = settle("two nodes, one killed under load", a.client(), token, load);
            assertThat(outcome.acceptedBy(b.port())).as("messages node b accepted before it died").isPositive();
            outcome.assertNothingLost(a);
        }
    }

    @Test
    void theDatabaseStoppedUnderLoadMeans503sThenEverythingResumesAndNothingAcceptedIsLost() throws Exception {
        int databasePort = freePort();
        Path databaseDirectory = dir.resolve("database");
        Map<String, String> durable = Map.of("fsync", "on", "synchronous_commit", "on");
        var database = EmbeddedPostgresLauncher.start(databaseDirectory, databasePort, durable, false);
        try {
            GatewayProcess gateway = node("a",
                    "--spring.datasource.url=jdbc:postgresql://localhost:" + databasePort + "/postgres",
                    "--spring.datasource.username=postgres",
                    "--spring.datasource.password=" + EmbeddedPostgresLauncher.passwordOf(database)).start();
            String token = prepare(gateway.client());
            try (Load load = new Load(List.of(gateway.client()), token, recipients)) {
                load.runFor(Duration.ofSeconds(3));
                database.close(); // stopped under load (a fast shutdown: every session is cut)
                load.runFor(Duration.ofSeconds(15));
                database = EmbeddedPostgresLauncher.start(databaseDirectory, databasePort, durable, false);
                load.runFor(Duration.ofSeconds(5));
                load.stop();
                Outcome outcome = settle("database stopped 15 s under load", gateway.client(), token, load);
                assertThat(load.unavailable()).as("sends answered 503 problem+json while the database was down")
                        .isPositive();
                assertThat(outcome.acceptedBeforeTheFault()).as("messages accepted before the database stopped")
                        .isPositive();
                outcome.assertNothingLost(gateway);
            } finally {
                gateway.stop(); // before the database: its processors store their positions on the way out
            }
        } finally {
            database.close();
        }
    }

    @Test
    void twoNodesAllowedOneBindBetweenThemNeverBindTwiceAndTheLeaseMovesWhenItsHolderIsKilled() throws Exception {
        int databasePort = freePort();
        // the database of its own, as in production: either node may die
        try (var database = EmbeddedPostgresLauncher.start(dir.resolve("database"), databasePort,
                Map.of("fsync", "on", "synchronous_commit", "on"), false)) {
            String[] shared = {"--spring.datasource.url=jdbc:postgresql://localhost:" + databasePort + "/postgres",
                    "--spring.datasource.username=postgres",
                    "--spring.datasource.password=" + EmbeddedPostgresLauncher.passwordOf(database),
                    "--gateway.cluster.bind-limits.primary=1", "--gateway.dispatch.message-cache=false"};
            GatewayProcess a = node("a", shared).start();
            Path dataOfA = dir.resolve("a");
            List<String> withKeys = new ArrayList<>(List.of(shared));
            withKeys.addAll(List.of("--gateway.audit.signing-key-file=" + dataOfA.resolve("audit-signing-key.pem"),
                    "--gateway.webhooks.secret-key-file=" + dataOfA.resolve("webhook-secret-key"),
                    "--gateway.local-issuer.key-file=" + dataOfA.resolve("local-issuer-key.pem")));
            GatewayProcess b = node("b", withKeys.toArray(String[]::new)).start();
            String token = prepare(b.client());
            AtomicInteger mostBound = new AtomicInteger();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = Thread.ofPlatform().start(() -> {
                while (sampling.get()) {
                    mostBound.accumulateAndGet(smsc.boundSessions(), Math::max);
                    GatewayProcess.pause(Duration.ofMillis(50));
                }
            });
            try (Load load = new Load(List.of(a.client(), b.client()), token, recipients)) {
                load.runFor(Duration.ofSeconds(4));
                a.kill9(); // the node that leased the bind first (it started first)
                load.runFor(Duration.ofSeconds(4));
                load.stop();
                Outcome outcome = settle("two nodes, one bind between them, its holder killed", b.client(), token, load);
                sampling.set(false);
                sampler.join();
                System.out.printf("FAULT the SMSC saw at most %d session(s) bound at once%n", mostBound.get());
                assertThat(mostBound.get()).as("sessions bound at once against a limit of one").isEqualTo(1);
                assertThat(outcome.acceptedBy(a.port())).as("messages node a accepted before it died").isPositive();
                outcome.assertNothingLost(b);
            } finally {
                sampling.set(false);
                b.stop();
            }
        }
    }

    /** A token, and the recipients' consent to the codes campaign. */
    private String prepare(GatewayClient client) {
        String token = client.token("acme-app", "acme-secret", null);
        for (String recipient : recipients) {
            GatewayClient.Response consent = client.post("/v1/consents/opt-ins", token, """
                    {"brandId": "acme-brand", "subscriber": "%s", "campaignId": "acme-otp", "kind": "EXPRESS",
                     "evidence": {"channel": "API", "disclosureShown": "Login codes by text. Reply STOP to cancel.",
                                  "consentGiven": "entered the number at sign-up"}}""".formatted(recipient));
            assertThat(consent.status()).as(consent.body()).isEqualTo(201);
        }
        return token;
    }

    /**
     * Waits until every accepted message has ended, then counts: delivered, lost (accepted, and not delivered or not found
     * when no more was delivered for {@link #SETTLE}, or after ten minutes), and duplicated (texts the SMSC took more
     * than once), and prints the line.
     */
    private Outcome settle(String scenario, GatewayClient client, String token, Load load) {
        Map<String, String> accepted = load.accepted();
        Map<String, String> statuses = new ConcurrentHashMap<>();
        // a backlog (a long carrier outage) takes its time: give up only when nothing more is delivered for a while
        Instant deadline = Instant.now().plus(SETTLE);
        Instant cap = Instant.now().plus(Duration.ofMinutes(10));
        while (Instant.now().isBefore(deadline) && Instant.now().isBefore(cap) && statuses.size() < accepted.size()) {
            int before = statuses.size();
            for (String id : accepted.keySet()) {
                if (!statuses.containsKey(id)) {
                    GatewayClient.Response message = client.get("/v1/messages/" + id, token);
                    if (message.status() == 200 && "delivered".equals(message.json().get("status").asString())) {
                        statuses.put(id, "delivered");
                    }
                }
            }
            if (statuses.size() > before) {
                deadline = Instant.now().plus(SETTLE);
            }
            if (statuses.size() < accepted.size()) {
                GatewayProcess.pause(Duration.ofMillis(500));
            }
        }
        Map<String, Long> submits = smsc.received().stream()
                .collect(Collectors.groupingBy(SmscSimulator.ReceivedSubmit::text, Collectors.counting()));
        List<String> lost = accepted.keySet().stream().filter(id -> !statuses.containsKey(id)).sorted().toList();
        List<String> duplicated = accepted.entrySet().stream()
                .filter(e -> submits.getOrDefault(e.getValue(), 0L) > 1).map(Map.Entry::getKey).sorted().toList();
        List<String> unmarked = duplicated.stream().filter(id -> !markedAsPossiblySentTwice(client, token, id)).toList();
        System.out.printf("FAULT %s: accepted %d (%d answered no or not at all; %d answered 503, the slowest in %d ms),"
                        + " delivered %d, lost %d, duplicated %d (%d not marked on their timeline)%n", scenario,
                accepted.size(), load.notAccepted(), load.unavailable(), load.slowestRefusalMillis(), statuses.size(),
                lost.size(), duplicated.size(), unmarked.size());
        return new Outcome(accepted, load.acceptedBeforeFault(), load.acceptedByPort(), lost, unmarked, client, token);
    }

    /** Whether the message's timeline says a submit went after one whose outcome was unknown. */
    private static boolean markedAsPossiblySentTwice(GatewayClient client, String token, String id) {
        JsonNode timeline = client.get("/v1/messages/" + id, token).json().get("timeline");
        for (JsonNode step : timeline) {
            if (step.has("detail") && step.get("detail").asString().contains("the handset may receive the message twice")) {
                return true;
            }
        }
        return false;
    }

    private record Outcome(Map<String, String> accepted, int acceptedBeforeTheFault, Map<Integer, Integer> byPort,
                           List<String> lost, List<String> unmarkedDuplicates, GatewayClient client, String token) {

        int acceptedBy(int port) {
            return byPort.getOrDefault(port, 0);
        }

        void assertNothingLost(GatewayProcess node) {
            assertThat(accepted).as("messages accepted").isNotEmpty();
            assertThat(lost).as("accepted messages not delivered (%s); the node's log ends:%n%s",
                    lost.stream().limit(5).map(id -> id + " " + client.get("/v1/messages/" + id, token).body())
                            .collect(Collectors.joining("\n")), node.tail()).isEmpty();
            assertThat(unmarkedDuplicates).as("messages the SMSC took twice without a mark on their timeline").isEmpty();
        }
    }

    /**
     * HTTP clients sending one message after another with unique texts, to the given nodes in turn, while they run;
     * a message counts as accepted only when its 202 came back.
     */
    private static final class Load implements AutoCloseable {
        private final Map<String, String> accepted = new ConcurrentHashMap<>();
        private final Map<Integer, Integer> byPort = new ConcurrentHashMap<>();
        private final AtomicInteger notAccepted = new AtomicInteger();
        private final AtomicInteger unavailable = new AtomicInteger();
        private final java.util.concurrent.atomic.AtomicLong slowestRefusalMillis = new java.util.concurrent.atomic.AtomicLong();
        private final AtomicInteger sequence = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean();
        private final AtomicBoolean faultSeen = new AtomicBoolean();
        private volatile int acceptedBeforeFault = -1;
        private final List<Thread> threads = new ArrayList<>();

        Load(List<GatewayClient> clients, String token, List<String> recipients) {
            running.set(true);
            for (int t = 0; t < 4; t++) {
                GatewayClient client = clients.get(t % clients.size());
                int port = client.port();
                threads.add(Thread.ofPlatform().name("fault-load-" + t).start(() -> {
                    while (running.get()) {
                        int n = sequence.incrementAndGet();
                        String text = "fault-suite message " + n;
                        long started = System.nanoTime();
                        try {
                            GatewayClient.Response response = client.sendMessage(token, SENDER,
                                    recipients.get(n % recipients.size()), text);
                            if (response.status() == 202) {
                                accepted.put(response.json().get("id").asString(), text);
                                byPort.merge(port, 1, Integer::sum);
                                continue;
                            }
                            if (response.status() == 503 && response.contentType().startsWith("application/problem+json")) {
                                unavailable.incrementAndGet();
                                slowestRefusalMillis.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
                            }
                        } catch (AssertionError | RuntimeException noAnswer) {
                            // the node is gone: nothing was promised
                        }
                        notAccepted.incrementAndGet();
                        if (faultSeen.compareAndSet(false, true)) {
                            acceptedBeforeFault = accepted.size();
                        }
                        GatewayProcess.pause(Duration.ofMillis(100));
                    }
                }));
            }
        }

        void runFor(Duration duration) {
            GatewayProcess.pause(duration);
        }

        void stop() {
            running.set(false);
            for (Thread thread : threads) {
                try {
                    thread.join(Duration.ofSeconds(30));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        Map<String, String> accepted() {
            return Map.copyOf(accepted);
        }

        Map<Integer, Integer> acceptedByPort() {
            return Map.copyOf(byPort);
        }

        int acceptedBeforeFault() {
            return acceptedBeforeFault < 0 ? accepted.size() : acceptedBeforeFault;
        }

        int notAccepted() {
            return notAccepted.get();
        }

        int unavailable() {
            return unavailable.get();
        }

        long slowestRefusalMillis() {
            return slowestRefusalMillis.get();
        }

        @Override
        public void close() {
            stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
