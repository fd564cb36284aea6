package io.attest.gateway.audit.export;

import io.attest.gateway.audit.signing.AuditSigner;
import io.attest.gateway.audit.trail.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bundle of one million consent ledger entries is written and verified by a JVM limited to a 64 MiB heap
 * (docs/audit-export.md): rows are streamed from a database cursor to files, never held in memory.
 */
class LargeExportTest {

    static final int ROWS = 1_000_000;

    @TempDir
    Path dir;

    @Test
    void aMillionEntriesExportAndVerifyIn64MiBOfHeap() throws Exception {
        try (TestDatabase database = TestDatabase.start()) {
            BundleTestTables.create(database.db);
            database.db.execute("""
                    INSERT INTO consent_ledger (account_id, brand_id, subscriber, entry_number, event_id, entry_type,
                        campaign_id, consent_kind, evidence_channel, disclosure_shown, disclosure_sha256, consent_given,
                        actor, effective_at, recorded_at)
                    SELECT 'acme', 'acme-brand', '+1555' || lpad((g %% 10000000)::text, 7, '0'), g, 'evt-' || g, 'OPT_IN',
                        'acme-promos', 'EXPRESS', 'API', 'Acme offers by text, up to 4 msgs/week. Reply STOP to cancel.',
                        md5(g::text) || md5(g::text), 'ticked the box on the sign-up form', 'acme-app',
                        timestamptz '2026-01-01 00:00:00Z' + g * interval '1 second',
                        timestamptz '2026-01-01 00:00:00Z' + g * interval '1 second'
                    FROM generate_series(1, %d) g
                    """.formatted(ROWS));
            Path key = dir.resolve("key.pem");
            AuditSigner.fromFile(key, true);
            Path bundle = dir.resolve("big.zip");
            String java = ProcessHandle.current().info().command().orElse("java");

            Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                    ExportInBoundedHeap.class.getName(), database.jdbcUrl(), key.toString(), bundle.toString())
                    .redirectErrorStream(true).start();
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(10, TimeUnit.MINUTES)).isTrue();

            System.out.println("large export in a 64 MiB heap: " + output.strip());
            assertThat(child.exitValue()).as(output).isZero();
            assertThat(output).contains("rows=" + ROWS + " ").contains("valid=true").contains("maxHeapMiB=");
        }
    }
}
