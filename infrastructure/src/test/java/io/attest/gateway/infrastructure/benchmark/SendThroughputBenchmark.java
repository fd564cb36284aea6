package io.attest.gateway.infrastructure.benchmark;

import io.attest.gateway.infrastructure.GatewayApplication;
import io.attest.gateway.infrastructure.simulator.SmscSimulator;
import io.attest.gateway.infrastructure.support.GatewayClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pushes messages through the REST API of a gateway on its embedded defaults (embedded PostgreSQL, the
 * SMSC simulator with receipts) and prints what it measured. A benchmark, not a test: it asserts nothing
 * about time, and runs only with {@code ./attest bench} (JUnit tag "benchmark").
 *
 * <p>Settings (system properties): {@code bench.messages} (default 2000), {@code bench.clients} concurrent
 * HTTP clients (default 8), {@code bench.recipients} distinct recipients, each with consent (default 100),
 * {@code bench.rate} an offered rate in messages per second (default 0: as fast as the clients go), to read the
 * latencies at a given load. {@code bench.mode=dry-run} posts to {@code POST /v1/messages/dry-run} instead: the
 * same authentication, JSON, facts and send policy, but nothing is recorded or sent; a floor under what a real
 * send can cost. {@code bench.mode=smpp} submits over SMPP binds of the gateway's SMPP server ({@code bench.binds}, 2 by
 * default; the clients take turns on them), each with registered_delivery, and waits for every receipt on the binds.
 * {@code bench.mode=liveness} gets {@code /actuator/health/liveness}: the web container and the
 * security filters with no work behind them, the floor under any request. The send limits are on as in production:
 * more than 30 messages to one recipient within an hour (2000 over 100 recipients are 20) are blocked by the velocity
 * rule.
 */
@Tag("benchmark")
class SendThroughputBenchmark {

    @TempDir
    Path dataDir;

    @Test
    void sendThroughRestIntoTheSimulatorWithReceipts() throws Exception {
        int messages = Integer.getInteger("bench.messages", 2000);
        int clients = Integer.getInteger("bench.clients", 8);
        int recipientCount = Integer.getInteger("bench.recipients", 100);
        // 0: as fast as the clients can; otherwise an open-loop rate (msg/s), to read latencies at a given load
        double rate = Double.parseDouble(System.getProperty("bench.rate", "0"));
        String mode = System.getProperty("bench.mode", "send");
        boolean liveness = "liveness".equals(mode);
        boolean dryRun = "dry-run".equals(mode) || liveness; // nothing recorded either way
        boolean smpp = "smpp".equals(mode); // the clients submit over SMPP binds, receipts come back on them
        int binds = Integer.getInteger("bench.binds", 2);
        try (ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class).run(
                "--gateway.data-dir=" + dataDir, "--server.port=0", "--gateway.simulator.port=0",
                "--gateway.simulator.receipt-delay=0ms", "--logging.level.root=warn",
                // the gateway's own capacity is measured: one campaign's AT&T cap (4,500 a minute) would bound it
                "--gateway.dispatch.campaign-pacing=false")) {
            GatewayClient client = new GatewayClient(((WebServerApplicationContext) gateway).getWebServer().getPort());
            JdbcTemplate jdbc = gateway.getBean(JdbcTemplate.class);
            String token = client.token("acme-app", "acme-secret", null);
            List<String> recipients = new ArrayList<>();
            for (int r = 0; r < recipientCount; r++) {
                String recipient = "+1212555" + String.format("%04d", r);
                GatewayClient.Response consent = client.post("/v1/consents/opt-ins", token, """
                        {"brandId": "acme-brand", "subscriber": "%s", "campaignId": "acme-otp", "kind": "EXPRESS",
                         "evidence": {"channel": "API", "disclosureShown": "Login codes by text", "consentGiven": "sign-up"}}
                        """.formatted(recipient));
                if (consent.status() != 201) {
                    throw new IllegalStateException("consent not recorded: " + consent);
                }
                recipients.add(recipient);
            }
            warmUp(client, token, recipients);
            // the warm-up's backlog stays out of the measured window
            long warmUpDeadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (delivered(jdbc) < WARM_UP && System.nanoTime() < warmUpDeadline) {
                Thread.sleep(250);
            }
            awaitReadSide(jdbc);

            List<io.attest.gateway.infrastructure.support.SmppTestClient> smppBinds = new ArrayList<>();
            if (smpp) {
                GatewayClient.Response issued = client.post("/v1/smpp-credentials", token,
                        "{\"maxBinds\": %d, \"window\": 100}".formatted(binds));
                int port = gateway.getBean(io.attest.gateway.infrastructure.adapter.in.smpp.SmppClientServer.class).port();
                for (int b = 0; b < binds; b++) {
                    smppBinds.add(io.attest.gateway.infrastructure.support.SmppTestClient.bind(port,
                            org.jsmpp.bean.BindType.BIND_TRX, issued.json().get("systemId").asString(),
                            issued.json().get("password").asString()));
                }
            }
            org.jsmpp.bean.GeneralDataCoding gsm7 = new org.jsmpp.bean.GeneralDataCoding(org.jsmpp.bean.Alphabet.ALPHA_DEFAULT);
            AtomicInteger next = new AtomicInteger();
            List<Long> requestNanos = Collections.synchronizedList(new ArrayList<>());
            Map<String, String> acceptedIds = new java.util.concurrent.ConcurrentHashMap<>(); // text -> message id
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            long deliveredBefore = delivered(jdbc);
            boolean statements = statementStatistics(jdbc);
            Map<String, Object> databaseBefore = databaseActivity(jdbc);
            long jvmCpuBefore = jvmCpuNanos();
            long machineCpuBefore = machineCpuTicks();
            Instant start = Instant.now();
            long startNanos = System.nanoTime();
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int worker = c;
                workers.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < messages) {
                        if (rate > 0) {
                            long due = startNanos + (long) (i * 1e9 / rate);
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                            }
                        }
                        long t0 = System.nanoTime();
                        if (smpp) {
                            String text = "Your code is " + (100_000 + i);
                            String id = smppBinds.get(worker % binds).submit("+15551234567",
                                    recipients.get(i % recipients.size()), (byte) 1, gsm7,
                                    io.attest.gateway.domain.message.Gsm7Alphabet.encodeUnpacked(text));
                            requestNanos.add(System.nanoTime() - t0);
                            acceptedIds.put(text, id);
                            continue;
                        }
                        GatewayClient.Response response = liveness
                                ? client.get("/actuator/health/liveness", token)
                                : dryRun
                                ? client.post("/v1/messages/dry-run", token, """
                                        {"from": "+15551234567", "to": "%s", "text": "Your code is %d"}"""
                                        .formatted(recipients.get(i % recipients.size()), 100_000 + i))
                                : client.sendMessage(token, "+15551234567", recipients.get(i % recipients.size()),
                                        "Your code is " + (100_000 + i));
                        requestNanos.add(System.nanoTime() - t0);
                        if (!dryRun && response.status() == 202) {
                            acceptedIds.put("Your code is " + (100_000 + i), response.json().get("id").asString());
                        }
                        if (response.status() != (dryRun ? 200 : 202)) {
                            throw new IllegalStateException("send " + i + " answered " + response);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            Duration acceptWall = Duration.between(start, Instant.now());
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (!dryRun && delivered(jdbc) - deliveredBefore < messages && System.nanoTime() < deadline) {
                Thread.sleep(250); // a full count of the event table: rarely, so it weighs little in the figures
            }
            // over SMPP the end is the last receipt on a client's bind
            java.util.function.LongSupplier receiptsOnBinds = () -> smppBinds.stream()
                    .mapToLong(b -> b.received().stream().filter(org.jsmpp.bean.DeliverSm::isSmscDeliveryReceipt).count()).sum();
            while (smpp && receiptsOnBinds.getAsLong() < messages && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            Duration deliverWall = Duration.between(start, Instant.now());
            long deliveredCount = delivered(jdbc) - deliveredBefore;
            // the CPU and database figures include the read side's work on the last messages, and the statistics
            // the database's sessions report when they go idle
            awaitReadSide(jdbc);
            Duration readSideWall = Duration.between(start, Instant.now());
            Thread.sleep(1_500);
            long jvmCpu = jvmCpuNanos() - jvmCpuBefore;
            long machineCpu = machineCpuTicks() - machineCpuBefore;
            Map<String, Object> databaseAfter = databaseActivity(jdbc);
            pool.shutdownNow();
            long clientReceipts = receiptsOnBinds.getAsLong();
            smppBinds.forEach(io.attest.gateway.infrastructure.support.SmppTestClient::close);

            List<Long> toAttempt = latencies(jdbc, "MessageSubmissionAttempted", start);
            List<Long> toSubmitted = latencies(jdbc, "MessageSubmitted", start);
            List<Long> toSubmitSm = toSubmitSm(jdbc, gateway.getBean(io.attest.gateway.infrastructure.support.SimulatorProbe.class), acceptedIds);
            List<Long> toDelivered = latencies(jdbc, "MessageDelivered", start);
            Collections.sort(requestNanos);
            var heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
            System.out.printf("""

                    === send throughput benchmark%s ===%s
                    messages %d to %d recipients, concurrent HTTP clients %d, offered rate %s, cores %d, JVM %s
                    accepted (202):        %8.1f msg/s   (%d in %d ms)
                    delivered (receipts):  %8.1f msg/s   (%d of %d in %d ms)
                    read models caught up: %8.1f msg/s   (%d ms after the last receipt)
                    HTTP latency ms:       p50 %6.1f  p95 %6.1f  p99 %6.1f
                    accept -> attempt:     p50 %6d  p95 %6d  p99 %6d ms   (MessageSubmissionAttempted: picked up, counted, recorded)
                    accept -> submit_sm:   p50 %6d  p95 %6d  p99 %6d ms   (MessageAccepted to the SMSC reading it; %d messages)
                    accept -> submitted:   p50 %6d  p95 %6d  p99 %6d ms   (from event timestamps)
                    accept -> delivered:   p50 %6d  p95 %6d  p99 %6d ms
                    heap used %d MiB of %d MiB committed
                    CPU per message:       JVM %s, whole machine %s (gateway, database, simulator, load)
                    database per message:  %s
                    ================================
                    """, liveness ? " (liveness: GET /actuator/health/liveness, no work; accepted means answered 200)"
                            : dryRun ? " (dry-run: nothing recorded or sent; accepted means answered 200)"
                            : smpp ? " (smpp: submit_sm over " + binds + " transceiver binds; accepted means submit_sm_resp "
                            + "with an id; latency is submit_sm to its response)" : "",
                    smpp ? "\nreceipts on the clients' binds: " + clientReceipts + " of " + messages
                            + " (delivered below: until the last of them)" : "", messages, recipientCount, clients, rate > 0 ? rate + " msg/s" : "unlimited", Runtime.getRuntime().availableProcessors(), Runtime.version(),
                    messages * 1000.0 / acceptWall.toMillis(), messages, acceptWall.toMillis(),
                    deliveredCount * 1000.0 / deliverWall.toMillis(), deliveredCount, messages, deliverWall.toMillis(),
                    deliveredCount * 1000.0 / readSideWall.toMillis(), readSideWall.minus(deliverWall).toMillis(),
                    percentile(requestNanos, 50) / 1e6, percentile(requestNanos, 95) / 1e6, percentile(requestNanos, 99) / 1e6,
                    percentile(toAttempt, 50), percentile(toAttempt, 95), percentile(toAttempt, 99),
                    percentile(toSubmitSm, 50), percentile(toSubmitSm, 95), percentile(toSubmitSm, 99), toSubmitSm.size(),
                    percentile(toSubmitted, 50), percentile(toSubmitted, 95), percentile(toSubmitted, 99),
                    percentile(toDelivered, 50), percentile(toDelivered, 95), percentile(toDelivered, 99),
                    heap.getUsed() >> 20, heap.getCommitted() >> 20,
                    jvmCpuBefore < 0 ? "n/a" : "%.2f ms".formatted(jvmCpu / 1e6 / messages),
                    machineCpu < 0 ? "n/a" : "%.2f ms".formatted(machineCpu * 10.0 / messages),
                    perMessage(databaseBefore, databaseAfter, messages));
            if (statements) {
                printStatements(jdbc, messages);
            }
            if (!dryRun && deliveredCount < messages) {
                printUndelivered(jdbc);
            }
        }
    }

    /** Every message not delivered, with the events it has: a benchmark that loses one says which. */
    private static void printUndelivered(JdbcTemplate jdbc) {
        System.out.println("messages not delivered, with their events:");
        jdbc.query("""
                SELECT s.message_id, s.status, string_agg(substring(e.payload_type from '[^.]+$') || '@' || e.time_stamp,
                       ', ' ORDER BY e.sequence_number) AS events
                FROM delivery_status s JOIN domain_event_entry e ON e.aggregate_identifier = s.message_id
                WHERE s.status <> 'DELIVERED' GROUP BY s.message_id, s.status""",
                rows -> {
                    System.out.printf("  %s %s: %s%n", rows.getString(1), rows.getString(2), rows.getString(3));
                });
    }

    /** Waits (at most a minute) until the message read model has as many messages delivered as the event store. */
    private static void awaitReadSide(JdbcTemplate jdbc) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            Long readSide = jdbc.queryForObject("SELECT count(*) FROM delivery_status WHERE status = 'DELIVERED'", Long.class);
            if (readSide != null && readSide >= delivered(jdbc)) {
                return;
            }
            Thread.sleep(250);
        }
    }

    /** JVM CPU time (all threads), where the platform reports it; -1 otherwise. */
    private static long jvmCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    /** Busy CPU ticks of the whole machine from /proc/stat (USER_HZ, 100 a second on Linux), or -1 where there is none. */
    private static long machineCpuTicks() {
        try {
            String[] cpu = java.nio.file.Files.readAllLines(Path.of("/proc/stat")).getFirst().trim().split("\\s+");
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7}) { // user, nice, system, irq, softirq
                busy += Long.parseLong(cpu[i]);
            }
            return busy;
        } catch (Exception notLinux) {
            return -1;
        }
    }

    private static Map<String, Object> databaseActivity(JdbcTemplate jdbc) {
        return jdbc.queryForMap("""
                SELECT xact_commit, xact_rollback, tup_inserted, tup_updated, tup_deleted, tup_returned + tup_fetched AS tup_read
                FROM pg_stat_database WHERE datname = current_database()""");
    }

    /** Commits and rows per message over the run (the statistics collector may lag by a moment). */
    private static String perMessage(Map<String, Object> before, Map<String, Object> after, int messages) {
        StringBuilder line = new StringBuilder();
        for (String column : List.of("xact_commit", "xact_rollback", "tup_inserted", "tup_updated", "tup_deleted", "tup_read")) {
            double delta = ((Number) after.get(column)).doubleValue() - ((Number) before.get(column)).doubleValue();
            line.append("%s %.1f  ".formatted(column, delta / messages));
        }
        return line.toString().trim();
    }

    /**
     * With {@code -Dgateway.embedded-postgres.server-config.shared_preload_libraries=pg_stat_statements} the
     * benchmark also prints the statements the run executed, per message: where the database's time goes.
     */
    private static boolean statementStatistics(JdbcTemplate jdbc) {
        String preloaded = jdbc.queryForObject("SHOW shared_preload_libraries", String.class);
        if (preloaded == null || !preloaded.contains("pg_stat_statements")) {
            return false;
        }
        jdbc.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        jdbc.execute("SELECT pg_stat_statements_reset()");
        return true;
    }

    private static void printStatements(JdbcTemplate jdbc, int messages) {
        System.out.println("statements by total time (calls and ms per message):");
        jdbc.query("""
                SELECT calls, total_exec_time, regexp_replace(query, '\\s+', ' ', 'g') AS query
                FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25""", rows -> {
            String query = rows.getString("query");
            System.out.printf("  %6.2f calls  %7.3f ms  %s%n", rows.getLong("calls") / (double) messages,
                    rows.getDouble("total_exec_time") / messages, query.length() > 150 ? query.substring(0, 150) + "..." : query);
        });
        Map<String, Object> total = jdbc.queryForMap(
                "SELECT sum(calls) AS calls, sum(total_exec_time) AS ms FROM pg_stat_statements");
        System.out.printf("  all: %.1f statements, %.2f ms executing per message%n",
                ((Number) total.get("calls")).doubleValue() / messages, ((Number) total.get("ms")).doubleValue() / messages);
    }

    private static final int WARM_UP = 200;

    private static void warmUp(GatewayClient client, String token, List<String> recipients) {
        for (int i = 0; i < WARM_UP; i++) {
            client.sendMessage(token, "+15551234567", recipients.get(i % recipients.size()), "warm-up " + i);
        }
    }

    private static long delivered(JdbcTemplate jdbc) {
        Long count = jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type = ?", Long.class,
                "io.attest.gateway.domain.message.MessageDelivered");
        return count == null ? 0 : count;
    }

    /**
     * Milliseconds from each message's MessageAccepted to the moment the simulator read its submit_sm off the wire: the
     * carrier issue's "accept to submit_sm".
     */
    private static List<Long> toSubmitSm(JdbcTemplate jdbc, io.attest.gateway.infrastructure.support.SimulatorProbe simulator, Map<String, String> idsByText) {
        Map<String, Instant> acceptedAt = new java.util.HashMap<>();
        jdbc.query("""
                SELECT aggregate_identifier, time_stamp FROM domain_event_entry
                WHERE payload_type = 'io.attest.gateway.domain.message.MessageAccepted'""",
                rows -> {
                    acceptedAt.put(rows.getString(1), Instant.parse(rows.getString(2)));
                });
        List<Long> result = new ArrayList<>();
        for (SmscSimulator.ReceivedSubmit submit : simulator.received()) {
            String id = idsByText.get(submit.text());
            Instant accepted = id == null ? null : acceptedAt.get(id);
            if (accepted != null) {
                result.add(Duration.between(accepted, submit.receivedAt()).toMillis());
            }
        }
        Collections.sort(result);
        return result;
    }

    /** Milliseconds from MessageAccepted to the given event, per message accepted since {@code since}. */
    private static List<Long> latencies(JdbcTemplate jdbc, String event, Instant since) {
        List<Long> result = new ArrayList<>(jdbc.query("""
                SELECT a.time_stamp AS accepted, e.time_stamp AS reached
                FROM domain_event_entry a JOIN domain_event_entry e ON e.aggregate_identifier = a.aggregate_identifier
                WHERE a.payload_type = 'io.attest.gateway.domain.message.MessageAccepted'
                  AND e.payload_type = ? AND a.time_stamp >= ?""",
                (rows, n) -> Duration.between(Instant.parse(rows.getString("accepted")),
                        Instant.parse(rows.getString("reached"))).toMillis(),
                "io.attest.gateway.domain.message." + event, since.toString()));
        Collections.sort(result);
        return result;
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }
}
