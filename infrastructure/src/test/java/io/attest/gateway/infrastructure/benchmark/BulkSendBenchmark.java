package io.attest.gateway.infrastructure.benchmark;

import io.attest.gateway.application.bulk.port.in.BulkSendUseCase;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.infrastructure.GatewayApplication;
import io.attest.gateway.infrastructure.support.GatewayClient;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Checks a bulk-send file of {@code bench.rows} rows (default 100,000; one in ten to a recipient without consent, so
 * blocked) on a gateway on its embedded defaults and prints how long the check took, rows a second, and what the
 * batch takes in the database; with {@code bench.send=N} it then confirms and prints how long the first N sends of
 * the batch took. A benchmark, not a test: it asserts nothing about time and runs only when asked:
 * {@code ./mvnw -B -pl infrastructure surefire:test -Dsurefire.groups=benchmark -Dsurefire.excludedGroups=
 * -Dtest=BulkSendBenchmark -Dsurefire.redirectOutput=false}.
 */
@Tag("benchmark")
class BulkSendBenchmark {

    @TempDir
    Path dataDir;

    @Test
    void checkABulkFile() throws Exception {
        int rows = Integer.getInteger("bench.rows", 100_000);
        int toSend = Integer.getInteger("bench.send", 0);
        int recipientCount = 200;
        try (ConfigurableApplicationContext gateway = new SpringApplicationBuilder(GatewayApplication.class).run(
                "--gateway.data-dir=" + dataDir, "--server.port=0", "--gateway.simulator.port=0",
                "--logging.level.root=warn", "--gateway.dispatch.campaign-pacing=false")) {
            GatewayClient client = new GatewayClient(((WebServerApplicationContext) gateway).getWebServer().getPort());
            String token = client.token("acme-app", "acme-secret", null);
            for (int r = 0; r < recipientCount; r++) {
                GatewayClient.Response consent = client.post("/v1/consents/opt-ins", token, """
                        {"brandId": "acme-brand", "subscriber": "+1212555%04d", "campaignId": "acme-otp",
                         "kind": "EXPRESS", "evidence": {"channel": "API", "disclosureShown": "Login codes by text",
                         "consentGiven": "sign-up"}}""".formatted(r));
                if (consent.status() != 201) {
                    throw new IllegalStateException("consent not recorded: " + consent);
                }
            }
            Path file = dataDir.resolve("bulk.csv");
            try (var out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write("to,code\r\n");
                for (int row = 0; row < rows; row++) {
                    String to = row % 10 == 9 ? "+1313555" + String.format("%04d", row % 1000)
                            : "+1212555" + String.format("%04d", row % recipientCount);
                    out.write(to + "," + (100_000 + row) + "\r\n");
                }
            }
            BulkSendUseCase bulk = gateway.getBean(BulkSendUseCase.class);
            AccountId acme = AccountId.of("acme");
            long started = System.nanoTime();
            BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            var batch = bulk.start(acme, "+15551234567", null, "Your code is {code}", "bulk.csv",
                    new BulkSendUseCase.RowSource() {
                        @Override
                        public List<String> next() throws java.io.IOException {
                            String line = reader.readLine();
                            return line == null ? null : Arrays.asList(line.split(",", -1));
                        }

                        @Override
                        public void close() throws java.io.IOException {
                            reader.close();
                        }
                    });
            long answered = System.nanoTime();
            while (bulk.batch(acme, batch.id()).orElseThrow().state() == BulkSendUseCase.State.CHECKING) {
                Thread.sleep(200);
            }
            long checked = System.nanoTime();
            var preview = bulk.batch(acme, batch.id()).orElseThrow();
            JdbcTemplate jdbc = gateway.getBean(JdbcTemplate.class);
            Long bytes = jdbc.queryForObject("SELECT pg_total_relation_size('bulk_send_row')", Long.class);
            double seconds = (checked - started) / 1e9;
            System.out.printf("bulk check: %d rows (%s), start answered in %.2f s, preview after %.1f s: %.0f rows/s;"
                            + " state %s; rows in the database: %.1f MB%n", preview.checked(), preview.counts(),
                    (answered - started) / 1e9, seconds, preview.checked() / seconds, preview.state(), bytes / 1e6);
            if (toSend > 0) {
                long sending = System.nanoTime();
                bulk.confirm(acme, batch.id());
                while (bulk.batch(acme, batch.id()).orElseThrow().done() < toSend) {
                    Thread.sleep(200);
                }
                double sendSeconds = (System.nanoTime() - sending) / 1e9;
                System.out.printf("bulk send: %d rows sent in %.1f s: %.0f rows/s%n", toSend, sendSeconds,
                        toSend / sendSeconds);
            }
        }
    }
}
