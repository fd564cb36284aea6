package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.audit.export.BundleVerifier;
import io.attest.gateway.audit.signing.AuditSigner;
import io.attest.gateway.infrastructure.support.Eventually;
import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.ZipFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A compliance officer exports a signed bundle over the API and checks it offline; an API client cannot; an
 * account's bundle holds its own rows only; the export is itself on the audit record.
 */
class AuditExportTest extends GatewayTestBase {

    @org.springframework.beans.factory.annotation.Autowired
    io.attest.gateway.audit.export.AuditExports exports;

    private static final String SUBSCRIBER = "+15557654321";

    private String officer() {
        return client.token("acme-compliance", "acme-compliance-secret", null);
    }

    private JsonNode exportDone(String token, String location) {
        return Eventually.await(BOUND, "export " + location + " done", () -> {
            JsonNode job = client.get(location, token).json();
            assertThat(job.get("status").asString()).isNotEqualTo("failed");
            return job.get("status").asString().equals("done") ? Optional.of(job) : Optional.empty();
        });
    }

    @org.junit.jupiter.api.io.TempDir
    Path scratch; // the downloads, deleted after each test

    private Path download(String token, String location) throws Exception {
        Path file = Files.createTempFile(scratch, "audit-bundle", ".zip");
        HttpResponse<Path> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + location + "/bundle"))
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofFile(file));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).contains("application/zip");
        return file;
    }

    private static String entry(Path bundle, String name) throws IOException {
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            return new String(zip.getInputStream(zip.getEntry(name)).readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void anOfficerExportsASubscribersRecordsAsASignedBundleThatVerifiesOffline() throws Exception {
        consentToAcmeCodes(SUBSCRIBER);
        String id = client.sendMessage(acmeToken(), ACME_SENDER, SUBSCRIBER, "audited code 42").json().get("id").asString();
        awaitStatus(acmeToken(), id, "delivered");
        String officer = officer();

        Response requested = client.post("/v1/audit/exports", officer, """
                {"subscriber": "%s"}""".formatted(SUBSCRIBER));
        assertThat(requested.status()).as(requested.body()).isEqualTo(202);
        assertThat(requested.json().get("requestedBy").asString()).isEqualTo("acme-compliance");
        JsonNode job = exportDone(officer, requested.location());
        assertThat(job.get("percent").asInt()).isEqualTo(100);
        assertThat(job.get("bundleUrl").asString()).isEqualTo(requested.location() + "/bundle");
        assertThat(job.get("rowsDone").asLong()).isPositive();
        Path bundle = download(officer, requested.location());
        // on the gateway's disk the bundle is its user's alone
        Path stored = exports.file(requested.location().substring(requested.location().lastIndexOf('/') + 1));
        assertThat(java.nio.file.Files.getPosixFilePermissions(stored)).containsExactlyInAnyOrder(
                java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(java.nio.file.Files.getPosixFilePermissions(stored.getParent())).doesNotContain(
                java.nio.file.attribute.PosixFilePermission.OTHERS_READ, java.nio.file.attribute.PosixFilePermission.GROUP_READ);

        String keyPem = client.get("/v1/audit/signing-key", officer).json().get("publicKeyPem").asString();
        BundleVerifier.Result result = BundleVerifier.verify(bundle, AuditSigner.publicKeyFromPem(keyPem));
        assertThat(result.problem()).isNull();
        assertThat(result.valid()).isTrue();
        assertThat(entry(bundle, "delivery-timelines.csv")).contains(id).contains("MessageCleared");
        assertThat(entry(bundle, "consent-ledger.jsonl")).contains(SUBSCRIBER).contains("OPT_IN");
        assertThat(entry(bundle, "manifest.json")).contains("\"subscriber\":\"" + SUBSCRIBER + "\"");

        // the export is on the record: an audit entry names who exported what
        String exportId = requested.json().get("id").asString();
        Eventually.awaitTrue(BOUND, "the export in the audit chain", () -> {
            for (long after = 0; ; ) {
                JsonNode page = client.get("/v1/audit/entries?limit=500&after=" + after, officer).json();
                if (page.get("entries").isEmpty()) {
                    return false;
                }
                for (JsonNode entry : page.get("entries")) {
                    if (entry.get("summary").asString().equals("audit bundle " + exportId
                            + " exported by acme-compliance: subscriber=" + SUBSCRIBER + " campaign=any from=start to=now")) {
                        return true;
                    }
                }
                after = page.get("next").asLong();
            }
        });
    }

    @Test
    void anApiClientTokenCannotExportAndAnotherAccountCannotSeeTheExport() {
        Response client403 = client.post("/v1/audit/exports", acmeToken(), "{}");
        assertThat(client403.status()).isEqualTo(403);
        assertThat(client403.json().get("code").asString()).isEqualTo("forbidden");

        String location = client.post("/v1/audit/exports", officer(), "{}").location();
        String globexOfficer = client.token("globex-compliance", "globex-compliance-secret", null);
        assertThat(client.get(location, globexOfficer).status()).isEqualTo(404);
        assertThat(client.get(location + "/bundle", globexOfficer).status()).isEqualTo(404);
    }

    @Test
    void anAccountsBundleHoldsItsOwnRowsOnly() throws Exception {
        consentToAcmeCodes(SUBSCRIBER);
        String globexOfficer = client.token("globex-compliance", "globex-compliance-secret", null);
        String globexToken = client.token("globex-app", "globex-secret", null);
        client.post("/v1/consents/opt-ins", globexToken, """
                {"brandId": "globex-brand", "subscriber": "%s", "campaignId": "globex-otp", "kind": "EXPRESS",
                 "evidence": {"channel": "API", "disclosureShown": "Globex codes. Reply STOP to cancel.",
                              "consentGiven": "sign-up form"}}""".formatted(SUBSCRIBER));
        String globexMessage = client.sendMessage(globexToken, GLOBEX_SENDER, SUBSCRIBER, "globex only").json()
                .get("id").asString();
        awaitStatus(globexToken, globexMessage, "delivered");

        Response requested = client.post("/v1/audit/exports", officer(), "{}");
        exportDone(officer(), requested.location());
        Path bundle = download(officer(), requested.location());

        assertThat(entry(bundle, "consent-ledger.csv")).doesNotContain("globex");
        assertThat(entry(bundle, "delivery-timelines.csv")).doesNotContain(globexMessage);
        assertThat(entry(bundle, "audit-chain.jsonl")).doesNotContain("\"accountId\":\"globex\"");
        Response globexRequest = client.post("/v1/audit/exports", globexOfficer, "{}");
        exportDone(globexOfficer, globexRequest.location());
        Path globexBundle = download(globexOfficer, globexRequest.location());
        assertThat(entry(globexBundle, "delivery-timelines.csv")).contains(globexMessage);
    }

    @Test
    void badExportRequestsAreProblemsAndTheLedgerAndCheckpointsAreReadable() {
        String officer = officer();
        assertThat(client.post("/v1/audit/exports", officer, "{\"subscriber\": \"555\"}").status()).isEqualTo(400);
        assertThat(client.post("/v1/audit/exports", officer, "{\"from\": \"yesterday\"}").status()).isEqualTo(400);
        assertThat(client.post("/v1/audit/exports", officer,
                "{\"from\": \"2026-02-01T00:00:00Z\", \"to\": \"2026-01-01T00:00:00Z\"}").status()).isEqualTo(400);
        assertThat(client.get("/v1/audit/exports/exp_nope", officer).status()).isEqualTo(404);

        consentToAcmeCodes(SUBSCRIBER);
        JsonNode ledger = Eventually.await(BOUND, "the ledger of " + SUBSCRIBER, () -> {
            JsonNode entries = client.get("/v1/audit/consent-ledger?subscriber=" + SUBSCRIBER.replace("+", "%2B"), officer)
                    .json().get("entries");
            return entries.isEmpty() ? Optional.empty() : Optional.of(entries);
        });
        assertThat(ledger.get(0).get("entryType").asString()).isIn("OPT_IN", "RE_OPT_IN");
        assertThat(ledger.get(0).get("disclosureSha256").asString()).hasSize(64);

        client.post("/v1/audit/exports", officer, "{}"); // an export signs a checkpoint of the head
        Eventually.awaitTrue(BOUND, "a signed checkpoint", () ->
                !client.get("/v1/audit/checkpoints", officer).json().get("checkpoints").isEmpty());
        JsonNode checkpoint = client.get("/v1/audit/checkpoints", officer).json().get("checkpoints").get(0);
        assertThat(checkpoint.get("signedText").asString()).startsWith("attest-audit-checkpoint/v1\nacme\n");
        assertThat(client.get("/v1/audit/verification", officer).json().get("checkpointsChecked").asLong()).isPositive();
    }
}
