package io.attest.gateway.audit.export;

import io.attest.gateway.application.audit.port.in.ExportAuditBundleUseCase.ExportQuery;
import io.attest.gateway.audit.ledger.ConsentLedgerProjector;
import io.attest.gateway.audit.signing.AuditSigner;
import io.attest.gateway.audit.trail.AuditCheckpoints;
import io.attest.gateway.audit.trail.AuditTrailQueries;
import io.attest.gateway.audit.trail.AuditTrailRecorder;
import io.attest.gateway.audit.trail.TestDatabase;
import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.consent.ConsentChannel;
import io.attest.gateway.domain.consent.ConsentEvidence;
import io.attest.gateway.domain.consent.ConsentKind;
import io.attest.gateway.domain.consent.OptInRecorded;
import io.attest.gateway.domain.consent.SubscriberConsentId;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.eventhandling.GenericEventMessage;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Audit bundles written from a real PostgreSQL and verified offline: a bundle holds; any changed byte, a re-signed
 * bundle under another key, or a rewritten chain segment does not; and it holds one account's rows only.
 */
class BundleTest {

    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");
    private static TestDatabase database;
    private static DSLContext db;

    @TempDir
    static Path dir;

    private static AuditSigner signer;
    private static Path bundle;

    @BeforeAll
    static void aBundle() throws IOException {
        database = TestDatabase.start();
        db = database.db;
        BundleTestTables.create(db);
        for (String account : List.of("acme", "globex")) {
            for (int i = 0; i < 3; i++) {
                String id = account + "-m" + i;
                db.execute("INSERT INTO delivery_status VALUES (?, ?, '+15551234567', ?, 'hi', 'GSM_7', 1, 'DELIVERED', "
                                + "'c', ?::timestamptz, ?::timestamptz, ?)", id, account, i == 0 ? "+15557654321" : "+1555765000" + i,
                        T0.plusSeconds(i).toString(), T0.plusSeconds(i).toString(),
                        account + "-otp");
                db.execute("INSERT INTO message_timeline VALUES (?, 0, 'ACCEPTED', 'MessageAccepted', ?::timestamptz, null, null), "
                                + "(?, 1, 'ACCEPTED', 'MessageCleared', ?::timestamptz, null, 'allowed after consent, \"quiet\" hours')",
                        id, T0.toString(), id, T0.toString());
            }
        }
        db.execute("INSERT INTO webhook_attempt VALUES (1, 1, 'acme', 'we_1', 'https://hooks.acme.example/sms', 'e-1', "
                + "'message.delivered', 'acme-m0', ?::timestamptz, 503, 12, 'HTTP 503', 'retrying'), "
                + "(2, 1, 'globex', 'we_2', 'https://hooks.globex.example/sms', 'e-2', 'message.delivered', 'globex-m0', "
                + "?::timestamptz, 200, 9, null, 'delivered')", T0.plusSeconds(5).toString(), T0.plusSeconds(5).toString());
        ConsentLedgerProjector ledger = new ConsentLedgerProjector(db);
        AuditTrailRecorder trail = new AuditTrailRecorder(db);
        for (String account : List.of("acme", "globex")) {
            for (String subscriber : List.of("+15557654321", "+15557650001")) {
                OptInRecorded optIn = new OptInRecorded(SubscriberConsentId.of(BrandId.of(account + "-brand"),
                        PhoneNumber.of(subscriber)), AccountId.of(account), BrandId.of(account + "-brand"),
                        PhoneNumber.of(subscriber), CampaignId.of(account + "-otp"), ConsentKind.EXPRESS,
                        ConsentEvidence.of(ConsentChannel.API, "Codes by text, \"reply\" STOP to stop,\nthanks", "signed up",
                                null, null, null, null), T0, "tester");
                var message = GenericEventMessage.asEventMessage(optIn);
                ledger.on(optIn, message);
                trail.on(optIn, message);
            }
        }
        signer = AuditSigner.fromFile(dir.resolve("key.pem"), true);
        AuditCheckpoints checkpoints = new AuditCheckpoints(db, signer, new AuditTrailQueries(db));
        var checkpoint = checkpoints.checkpointNow(AccountId.of("acme"), T0.plusSeconds(10)).orElseThrow();
        BundleWriter writer = new BundleWriter(db, signer, dir.resolve("work"));
        var spec = new BundleWriter.Spec("exp_1", "acme", "officer@acme", T0, new ExportQuery(null, null, null, null), "P5Y");
        bundle = dir.resolve("bundle.zip");
        long[] progress = {0};
        var written = writer.write(spec, checkpoint, bundle, done -> progress[0] = done);
        assertThat(written.rows()).isEqualTo(writer.countRows(spec, checkpoint)).isEqualTo(progress[0]);
    }

    @AfterAll
    static void stop() throws IOException {
        database.close();
    }

    @Test
    void aBundleVerifiesOfflineWithThePinnedKey() {
        BundleVerifier.Result result = BundleVerifier.verify(bundle, signer.publicKey());

        assertThat(result.problem()).isNull();
        assertThat(result.valid()).isTrue();
        assertThat(result.checks()).anyMatch(check -> check.contains("chain correctly to the signed checkpoint"));
    }

    @Test
    void itHoldsTheLedgerAndTimelinesOfItsAccountOnlyAsCsvAndJsonLines() throws IOException {
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            String ledgerCsv = new String(zip.getInputStream(zip.getEntry("consent-ledger.csv")).readAllBytes(),
                    StandardCharsets.UTF_8);
            String timelines = new String(zip.getInputStream(zip.getEntry("delivery-timelines.jsonl")).readAllBytes(),
                    StandardCharsets.UTF_8);
            String manifest = new String(zip.getInputStream(zip.getEntry("manifest.json")).readAllBytes(),
                    StandardCharsets.UTF_8);

            assertThat(ledgerCsv.lines().findFirst().orElseThrow()).startsWith("account_id,brand_id,subscriber,");
            assertThat(ledgerCsv).contains("acme-brand").doesNotContain("globex");
            assertThat(ledgerCsv).contains("\"Codes by text, \"\"reply\"\" STOP to stop,\nthanks\"");
            assertThat(timelines.lines()).hasSize(7).allMatch(line -> line.contains("\"acme-m"));
            assertThat(timelines).contains("message.delivered to https:\\/\\/hooks.acme.example\\/sms: HTTP 503 in 12 ms, "
                    + "retrying (HTTP 503)").doesNotContain("globex");
            assertThat(manifest).contains("\"requestedBy\":\"officer@acme\"").contains("\"retention\":\"P5Y\"");
        }
    }

    @Test
    void aCampaignExportHoldsTheBrandWideOptOutsOfItsBrandButNotOtherCampaigns() throws IOException {
        db.execute("INSERT INTO consent_ledger (account_id, brand_id, subscriber, entry_number, event_id, entry_type, "
                + "campaign_id, revocation_scope, method, actor, recorded_at) VALUES "
                + "('acme', 'acme-brand', '+15557654321', 99, 'brand-wide', 'OPT_OUT', NULL, 'BRAND', 'API', 'acme-app', now()),"
                + "('acme', 'acme-brand', '+15557654321', 98, 'other-campaign', 'OPT_OUT', 'acme-promos', 'CAMPAIGN', 'API', "
                + "'acme-app', now())");
        try {
            var spec = new BundleWriter.Spec("exp_2", "acme", "officer@acme", T0,
                    new ExportQuery(null, "acme-otp", null, null), "P5Y");
            Path campaignBundle = dir.resolve("campaign.zip");
            new BundleWriter(db, signer, dir.resolve("work")).write(spec, null, campaignBundle, done -> { });
            try (ZipFile zip = new ZipFile(campaignBundle.toFile())) {
                String ledgerJsonl = new String(zip.getInputStream(zip.getEntry("consent-ledger.jsonl")).readAllBytes(),
                        StandardCharsets.UTF_8);
                assertThat(ledgerJsonl).contains("brand-wide").doesNotContain("other-campaign");
            }
        } finally {
            db.execute("DELETE FROM consent_ledger WHERE event_id IN ('brand-wide', 'other-campaign')");
        }
    }

    @Test
    void changingAnyByteBreaksIt() throws IOException {
        byte[] original = Files.readAllBytes(bundle);
        Path copy = dir.resolve("tampered.zip");
        int step = Math.max(1, original.length / 150);
        for (int position = 0; position < original.length; position += step) {
            assertTampered(original, copy, position);
        }
        assertTampered(original, copy, original.length - 1);
        assertTampered(original, copy, original.length - 100);
    }

    private static void assertTampered(byte[] original, Path copy, int position) throws IOException {
        Files.write(copy, original);
        try (RandomAccessFile file = new RandomAccessFile(copy.toFile(), "rw")) {
            file.seek(position);
            file.write(original[position] ^ 0x01);
        }
        assertThat(BundleVerifier.verify(copy, signer.publicKey()).valid()).as("byte " + position + " changed").isFalse();
    }

    @Test
    void aBundleResignedUnderAnotherKeyFailsAgainstThePinnedKey() throws Exception {
        AuditSigner other = AuditSigner.fromFile(dir.resolve("other.pem"), true);

        assertThat(BundleVerifier.verify(bundle, other.publicKey()).problem())
                .contains("another public key");
    }

    @Test
    void theCommandLineReportsValidAndInvalid() throws IOException {
        Path key = dir.resolve("public.pem");
        Files.writeString(key, signer.publicKeyPem());
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        int status = BundleVerifier.run(new String[]{bundle.toString(), "--public-key", key.toString()},
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("VALID");

        Path broken = dir.resolve("broken.zip");
        byte[] bytes = Files.readAllBytes(bundle);
        bytes[bytes.length / 2] ^= 0x7f;
        Files.write(broken, bytes);
        out.reset();
        assertThat(BundleVerifier.run(new String[]{broken.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8)))
                .isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("FAIL").contains("INVALID");
        assertThat(BundleVerifier.run(new String[]{}, new PrintStream(out, true, StandardCharsets.UTF_8))).isEqualTo(2);
    }
}
