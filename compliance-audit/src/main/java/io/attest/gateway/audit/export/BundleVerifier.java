package io.attest.gateway.audit.export;

import io.attest.gateway.audit.signing.AuditSigner;
import io.attest.gateway.audit.trail.AuditChain;
import io.attest.gateway.audit.trail.AuditCheckpoints;
import org.jooq.tools.json.JSONParser;
import org.jooq.tools.json.ParseException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Checks an audit bundle offline, without the gateway or its database: the signature over the whole file, the
 * signed manifest, the hash and row count of every file, the audit chain segment entry by entry, and the signed
 * checkpoint that ends it. Reports the first thing that fails. Run from the gateway's jar:
 * {@code java -jar attest-gateway.jar verify-bundle bundle.zip [--public-key key.pem]}. Without a key, the key
 * inside the bundle is used: pin the gateway's key (GET /v1/audit/signing-key) to rule out a re-signed bundle.
 */
public final class BundleVerifier {

    private BundleVerifier() {
    }

    /** @param checks what was checked and held, in order; problem is the first failure, null when valid */
    public record Result(boolean valid, List<String> checks, String problem) {
    }

    public static Result verify(Path bundle, PublicKey pinnedKey) {
        List<String> checks = new ArrayList<>();
        try {
            return verify(bundle, pinnedKey, checks);
        } catch (IOException | RuntimeException | ParseException e) {
            return new Result(false, checks, "the bundle cannot be read as an audit bundle: " + e.getMessage());
        }
    }

    private static Result verify(Path bundle, PublicKey pinnedKey, List<String> checks)
            throws IOException, ParseException {
        long size = Files.size(bundle);
        int trailerLength = BundleWriter.TRAILER_PREFIX.length() + BundleWriter.SIGNATURE_LENGTH;
        if (size < trailerLength + 22) {
            return fail(checks, "too short to be an audit bundle");
        }
        byte[] trailer = new byte[trailerLength + 2];
        try (RandomAccessFile file = new RandomAccessFile(bundle.toFile(), "r")) {
            file.seek(size - trailer.length);
            file.readFully(trailer);
        }
        int commentLength = (trailer[0] & 0xff) | ((trailer[1] & 0xff) << 8);
        String comment = new String(trailer, 2, trailerLength, StandardCharsets.US_ASCII);
        if (commentLength != trailerLength || !comment.startsWith(BundleWriter.TRAILER_PREFIX)) {
            return fail(checks, "the bundle's signature trailer is missing or altered");
        }
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            PublicKey key = pinnedKey;
            if (key == null) {
                key = AuditSigner.publicKeyFromPem(text(zip, "public-key.pem"));
                checks.add("using the public key inside the bundle (key id " + AuditSigner.keyIdOf(key)
                        + "); pass --public-key to pin the gateway's key");
            } else if (!AuditSigner.publicKeyFromPem(text(zip, "public-key.pem")).equals(key)) {
                return fail(checks, "the bundle names another public key than the pinned one");
            }
            String signature = comment.substring(BundleWriter.TRAILER_PREFIX.length());
            if (!AuditSigner.verify(key, trailerText(sha256Hex(bundle, size - BundleWriter.SIGNATURE_LENGTH)), signature)) {
                return fail(checks, "the bundle was changed after it was signed: its signature does not verify");
            }
            checks.add("bundle signature verifies over all " + size + " bytes");

            String manifestText = text(zip, "manifest.json");
            if (!AuditSigner.verify(key, manifestText, text(zip, "manifest.sig").trim())) {
                return fail(checks, "manifest.json does not match its signature manifest.sig");
            }
            checks.add("manifest signature verifies");
            Map<?, ?> manifest = (Map<?, ?>) new JSONParser().parse(manifestText);
            if (!BundleWriter.FORMAT.equals(manifest.get("format"))) {
                return fail(checks, "unknown bundle format " + manifest.get("format"));
            }
            if (!AuditSigner.keyIdOf(key).equals(manifest.get("keyId"))) {
                return fail(checks, "the manifest names key " + manifest.get("keyId") + ", not the verifying key");
            }
            for (Object item : (List<?>) manifest.get("files")) {
                Map<?, ?> file = (Map<?, ?>) item;
                String name = (String) file.get("name");
                ZipEntry entry = zip.getEntry(name);
                if (entry == null) {
                    return fail(checks, name + " is listed in the manifest but missing from the bundle");
                }
                FileFacts facts = facts(zip, entry, name.endsWith(".csv"));
                if (!facts.sha256().equals(file.get("sha256"))) {
                    return fail(checks, name + " was changed: its SHA-256 differs from the manifest");
                }
                long expectedRows = ((Number) file.get("rows")).longValue();
                long rows = name.endsWith(".csv") ? facts.lines() - 1 : facts.lines();
                if (name.endsWith(".csv") || name.endsWith(".jsonl")) {
                    if (rows != expectedRows) {
                        return fail(checks, name + " has " + rows + " rows, the manifest says " + expectedRows);
                    }
                }
                checks.add(name + ": sha256 and " + expectedRows + " row(s) match the manifest");
            }
            String chainProblem = checkChain(zip, manifest, key, checks);
            if (chainProblem != null) {
                return fail(checks, chainProblem);
            }
        }
        return new Result(true, checks, null);
    }

    private static String checkChain(ZipFile zip, Map<?, ?> manifest, PublicKey key, List<String> checks)
            throws IOException, ParseException {
        Object checkpointJson = new JSONParser().parse(text(zip, "checkpoint.json"));
        Map<?, ?> chain = (Map<?, ?>) manifest.get("chain");
        if (!(checkpointJson instanceof Map<?, ?> checkpoint)) {
            checks.add("no checkpoint: the account had no audit entries");
            return null;
        }
        String account = (String) checkpoint.get("accountId");
        long checkpointEntry = ((Number) checkpoint.get("entryNumber")).longValue();
        String checkpointHash = (String) checkpoint.get("headHash");
        String signedText = AuditCheckpoints.signedText(account, checkpointEntry, checkpointHash,
                Instant.parse((String) checkpoint.get("createdAt")));
        if (!AuditSigner.verify(key, signedText, (String) checkpoint.get("signature"))) {
            return "the checkpoint at entry " + checkpointEntry + " is forged: its signature does not verify";
        }
        if (!account.equals(manifest.get("accountId"))) {
            return "the checkpoint is of account " + account + ", the bundle of " + manifest.get("accountId");
        }
        Object manifestCheckpoint = manifest.get("checkpointEntry");
        if (!(manifestCheckpoint instanceof Number n) || n.longValue() != checkpointEntry
                || !AuditSigner.keyIdOf(key).equals(checkpoint.get("keyId"))) {
            return "checkpoint.json does not match the manifest (entry or key)";
        }
        checks.add("checkpoint at entry " + checkpointEntry + " is signed by key " + AuditSigner.keyIdOf(key));
        long first = ((Number) chain.get("firstEntry")).longValue();
        String previous = (String) chain.get("previousHash");
        long expected = first;
        String head = previous;
        ZipEntry entry = zip.getEntry("audit-chain.jsonl");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(zip.getInputStream(entry),
                StandardCharsets.UTF_8))) {
            JSONParser parser = new JSONParser();
            String line;
            while ((line = lines.readLine()) != null) {
                Map<?, ?> stored = (Map<?, ?>) parser.parse(line);
                long number = ((Number) stored.get("entryNumber")).longValue();
                if (number != expected) {
                    return number > expected ? "audit entry " + expected + " is missing from the chain segment"
                            : "audit entry " + number + " is out of order in the chain segment";
                }
                if (!head.equals(stored.get("previousHash"))) {
                    return "audit entry " + number + " does not follow the entry before it (previous hash differs)";
                }
                AuditChain.Entry chained = new AuditChain.Entry((String) stored.get("accountId"), number,
                        (String) stored.get("eventId"), (String) stored.get("messageId"), (String) stored.get("eventType"),
                        Instant.parse((String) stored.get("occurredAt")), (String) stored.get("summary"));
                String hash = AuditChain.hash(head, chained);
                if (!hash.equals(stored.get("entryHash"))) {
                    return "audit entry " + number + " was changed after it was written (its hash differs)";
                }
                if (!account.equals(chained.accountId())) {
                    return "audit entry " + number + " belongs to account " + chained.accountId();
                }
                head = hash;
                expected++;
            }
        }
        long last = expected - 1;
        if (expected > first) {
            if (last != checkpointEntry || !head.equals(checkpointHash)) {
                return "the chain segment ends at entry " + last + " but the checkpoint signs entry " + checkpointEntry
                        + ": the segment does not lead to the signed head";
            }
            checks.add("audit entries " + first + " to " + last + " chain correctly to the signed checkpoint");
        } else {
            checks.add("no audit entries in the requested range; the checkpoint anchors the chain head");
        }
        return null;
    }

    private record FileFacts(String sha256, long lines) {
    }

    /** The file's SHA-256 and its records: lines, or for CSV line breaks outside quoted fields (RFC 4180). */
    private static FileFacts facts(ZipFile zip, ZipEntry entry, boolean csv) throws IOException {
        MessageDigest digest = BundleWriter.sha256();
        long lines = 0;
        boolean quoted = false;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = zip.getInputStream(entry)) {
            int read;
            while ((read = in.read(buffer)) > 0) {
                digest.update(buffer, 0, read);
                for (int i = 0; i < read; i++) {
                    if (csv && buffer[i] == '"') {
                        quoted = !quoted;
                    } else if (buffer[i] == '\n' && !quoted) {
                        lines++;
                    }
                }
            }
        }
        return new FileFacts(HexFormat.of().formatHex(digest.digest()), lines);
    }

    private static String text(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IOException(name + " is missing");
        }
        try (InputStream in = zip.getInputStream(entry)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String trailerText(String sha256Hex) {
        return "attest-bundle/v1 sha256:" + sha256Hex;
    }

    static String sha256Hex(Path file, long length) throws IOException {
        MessageDigest digest = BundleWriter.sha256();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            long left = length;
            while (left > 0) {
                int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (read < 0) {
                    break;
                }
                digest.update(buffer, 0, read);
                left -= read;
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static Result fail(List<String> checks, String problem) {
        return new Result(false, checks, problem);
    }

    /** {@code verify-bundle <bundle.zip> [--public-key <key.pem>]}: exit status 0 when it holds, 1 when not, 2 on misuse. */
    public static int run(String[] args, java.io.PrintStream out) {
        if (args.length != 1 && !(args.length == 3 && args[1].equals("--public-key"))) {
            out.println("usage: verify-bundle <bundle.zip> [--public-key <key.pem>]");
            return 2;
        }
        PublicKey pinned = null;
        try {
            if (args.length == 3) {
                pinned = AuditSigner.publicKeyFromPem(Files.readString(Path.of(args[2])));
            }
        } catch (IOException | IllegalArgumentException e) {
            out.println("cannot read the public key " + args[2] + ": " + e.getMessage());
            return 2;
        }
        Result result = verify(Path.of(args[0]), pinned);
        result.checks().forEach(check -> out.println("ok    " + check));
        if (result.valid()) {
            out.println("VALID " + args[0]);
            return 0;
        }
        out.println("FAIL  " + result.problem());
        out.println("INVALID " + args[0]);
        return 1;
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }
}
