package io.attest.gateway.audit.export;

import io.attest.gateway.application.audit.port.in.AuditCheckpointQuery.Checkpoint;
import io.attest.gateway.application.audit.port.in.ExportAuditBundleUseCase.ExportQuery;
import io.attest.gateway.audit.signing.AuditSigner;
import io.attest.gateway.audit.trail.AuditChain;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.tools.json.JSONObject;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an audit bundle (docs/audit-export.md): the consent ledger and the delivery timelines as CSV and JSON
 * Lines, the audit chain segment they fall in, the signed checkpoint that ends it, the public key, and a manifest
 * with the hash and row count of every file, signed. The zip's own comment carries a signature over every byte
 * before it, so changing any byte of the bundle is detected. Rows are streamed from database cursors into
 * temporary files and copied into the zip, so memory does not grow with the number of rows.
 */
public class BundleWriter {

    public static final String FORMAT = "attest-audit-bundle/v1";
    static final String TRAILER_PREFIX = "attest-bundle-signature/v1 ";
    static final int SIGNATURE_LENGTH = 88; // base64 of a 64-byte Ed25519 signature
    static final int FETCH_SIZE = 1_000;

    static final String LEDGER_COLUMNS = "account_id, brand_id, subscriber, entry_number, entry_type, campaign_id, "
            + "consent_kind, revocation_scope, method, matched_rule, subscriber_words, already_opted_out, "
            + "evidence_channel, disclosure_shown, disclosure_sha256, consent_given, source_reference, ip_address, "
            + "user_agent, subscriber_name, confirmation_message, confirmation_delay_ms, actor, effective_at, "
            + "recorded_at, event_id";
    static final String TIMELINE_COLUMNS = "d.message_id, d.sender, d.recipient, d.campaign_id, d.accepted_at, "
            + "t.sequence, t.event, t.status, t.occurred_at, t.carrier_message_id, t.detail";

    private final DSLContext db;
    private final AuditSigner signer;
    private final Path workDir;

    public BundleWriter(DSLContext db, AuditSigner signer, Path workDir) {
        this.db = db;
        this.signer = signer;
        this.workDir = workDir;
    }

    /** What is exported, for whom, and when it was asked. */
    public record Spec(String exportId, String accountId, String requestedBy, Instant requestedAt, ExportQuery query,
                       String retention) {
    }

    /** @param sha256 of the whole bundle file */
    public record Written(long rows, long bytes, String sha256) {
    }

    private record Filter(String sql, List<Object> binds) {
    }

    private static Filter ledgerFilter(String account, ExportQuery query) {
        StringBuilder sql = new StringBuilder(" FROM consent_ledger WHERE account_id = ?");
        List<Object> binds = new ArrayList<>(List.of(account));
        if (query.subscriber() != null) {
            sql.append(" AND subscriber = ?");
            binds.add(query.subscriber());
        }
        if (query.campaignId() != null) {
            // the campaign's own entries, and brand-wide ones (an opt-out of every campaign) of its brand
            sql.append(" AND (campaign_id = ? OR (campaign_id IS NULL AND brand_id IN (SELECT brand_id FROM consent_ledger"
                    + " WHERE account_id = ? AND campaign_id = ?)))");
            binds.add(query.campaignId());
            binds.add(account);
            binds.add(query.campaignId());
        }
        if (query.from() != null) {
            sql.append(" AND recorded_at >= ?::timestamptz");
            binds.add(query.from().toString());
        }
        if (query.to() != null) {
            sql.append(" AND recorded_at < ?::timestamptz");
            binds.add(query.to().toString());
        }
        return new Filter(sql.toString(), binds);
    }

    /** The read-model steps of the matching messages, and every attempt to deliver their events to a webhook. */
    private static Filter timelineFilter(String account, ExportQuery query) {
        StringBuilder where = new StringBuilder(" WHERE d.account_id = ?");
        List<Object> binds = new ArrayList<>(List.of(account));
        if (query.subscriber() != null) {
            where.append(" AND d.recipient = ?");
            binds.add(query.subscriber());
        }
        if (query.campaignId() != null) {
            where.append(" AND d.campaign_id = ?");
            binds.add(query.campaignId());
        }
        if (query.from() != null) {
            where.append(" AND d.accepted_at >= ?::timestamptz");
            binds.add(query.from().toString());
        }
        if (query.to() != null) {
            where.append(" AND d.accepted_at < ?::timestamptz");
            binds.add(query.to().toString());
        }
        List<Object> both = new ArrayList<>(binds);
        both.addAll(binds);
        return new Filter(" FROM delivery_status d JOIN message_timeline t ON t.message_id = d.message_id" + where
                + " UNION ALL SELECT d.message_id, d.sender, d.recipient, d.campaign_id, d.accepted_at, NULL::bigint,"
                + " 'WebhookAttempt', NULL, w.attempted_at, NULL, w.event_type || ' to ' || w.url || ': '"
                + " || coalesce('HTTP ' || w.status_code, 'no answer') || ' in ' || w.latency_ms || ' ms, ' || w.outcome"
                + " || coalesce(' (' || w.error || ')', '')"
                + " FROM delivery_status d JOIN webhook_attempt w ON w.message_id = d.message_id"
                + " AND w.account_id = d.account_id" + where, both);
    }

    /** The first entry of the chain segment: from the start of the date range, or the first entry. */
    private long firstChainEntry(String account, ExportQuery query) {
        if (query.from() == null) {
            return 1;
        }
        Long first = db.fetchValue("SELECT min(entry_number) FROM audit_entry WHERE account_id = ? AND occurred_at >= ?::timestamptz",
                account, query.from().toString()) instanceof Number n
                ? n.longValue() : null;
        return first == null ? Long.MAX_VALUE : first;
    }

    /** How many rows the bundle will have, to show progress against. */
    public long countRows(Spec spec, Checkpoint checkpoint) {
        Filter ledger = ledgerFilter(spec.accountId(), spec.query());
        Filter timeline = timelineFilter(spec.accountId(), spec.query());
        long rows = count("SELECT count(*)" + ledger.sql(), ledger.binds())
                + count("SELECT count(*) FROM (SELECT " + TIMELINE_COLUMNS + timeline.sql() + ") steps", timeline.binds());
        if (checkpoint != null) {
            long first = firstChainEntry(spec.accountId(), spec.query());
            rows += Math.max(0, checkpoint.entryNumber() - first + 1);
        }
        return rows;
    }

    private long count(String sql, List<Object> binds) {
        return ((Number) db.fetchValue(sql, binds.toArray())).longValue();
    }

    public Written write(Spec spec, Checkpoint checkpoint, Path target, LongConsumer progress) {
        Path dir;
        try {
            Files.createDirectories(workDir);
            dir = Files.createTempDirectory(workDir, "export-" + spec.exportId() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            long[] done = {0};
            LongConsumer tick = n -> {
                done[0] += n;
                progress.accept(done[0]);
            };
            List<DataFile> files = new ArrayList<>();
            Filter ledger = ledgerFilter(spec.accountId(), spec.query());
            files.addAll(table(dir, "consent-ledger", "SELECT " + LEDGER_COLUMNS + ledger.sql()
                    + " ORDER BY recorded_at, brand_id, subscriber, entry_number", ledger.binds(), tick));
            Filter timeline = timelineFilter(spec.accountId(), spec.query());
            files.addAll(table(dir, "delivery-timelines", "SELECT " + TIMELINE_COLUMNS + timeline.sql()
                    + " ORDER BY accepted_at, message_id, occurred_at, sequence NULLS LAST", timeline.binds(), tick));
            ChainSegment segment = chain(dir, spec, checkpoint, tick, files);
            files.add(small(dir, "checkpoint.json", checkpoint == null ? "null\n" : checkpointJson(checkpoint)));
            files.add(small(dir, "public-key.pem", signer.publicKeyPem()));
            String manifest = manifest(spec, checkpoint, segment, files);
            long rows = done[0];
            zip(target, spec.requestedAt(), files, manifest, signer.sign(manifest));
            String sha256 = sign(target);
            return new Written(rows, Files.size(target), sha256);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private record DataFile(String name, Path path, long rows, String sha256) {
    }

    private record ChainSegment(long firstEntry, long lastEntry, String previousHash, String headHash) {
    }

    private List<DataFile> table(Path dir, String name, String sql, List<Object> binds, LongConsumer tick)
            throws IOException {
        Path csvPath = dir.resolve(name + ".csv");
        Path jsonlPath = dir.resolve(name + ".jsonl");
        MessageDigest csvDigest = sha256();
        MessageDigest jsonlDigest = sha256();
        long rows = 0;
        try (BufferedWriter csv = writer(csvPath, csvDigest); BufferedWriter jsonl = writer(jsonlPath, jsonlDigest)) {
            long[] count = {0};
            db.transaction(trx -> {
                try (Cursor<Record> cursor = trx.dsl().resultQuery(sql, binds.toArray()).fetchSize(FETCH_SIZE).fetchLazy()) {
                    csv.write(csvLine(header(sql)));
                    while (cursor.hasNext()) {
                        Record row = cursor.fetchNext();
                        Map<String, Object> values = values(row);
                        csv.write(csvLine(values.values().stream().map(v -> v == null ? null : v.toString()).toList()));
                        jsonl.write(JSONObject.toJSONString(values));
                        jsonl.write('\n');
                        if (++count[0] % 10_000 == 0) {
                            tick.accept(10_000);
                        }
                    }
                }
            });
            rows = count[0];
            tick.accept(rows % 10_000);
        }
        return List.of(new DataFile(name + ".csv", csvPath, rows, HexFormat.of().formatHex(csvDigest.digest())),
                new DataFile(name + ".jsonl", jsonlPath, rows, HexFormat.of().formatHex(jsonlDigest.digest())));
    }

    private ChainSegment chain(Path dir, Spec spec, Checkpoint checkpoint, LongConsumer tick, List<DataFile> files)
            throws IOException {
        Path path = dir.resolve("audit-chain.jsonl");
        MessageDigest digest = sha256();
        long first = checkpoint == null ? 1 : firstChainEntry(spec.accountId(), spec.query());
        long last = checkpoint == null ? 0 : checkpoint.entryNumber();
        String[] previous = {null};
        String[] head = {AuditChain.GENESIS};
        long[] count = {0};
        try (BufferedWriter out = writer(path, digest)) {
            if (first <= last) {
                db.transaction(trx -> {
                    try (Cursor<Record> cursor = trx.dsl().resultQuery("SELECT account_id, entry_number, event_id, "
                                    + "message_id, event_type, occurred_at, summary, previous_hash, entry_hash FROM audit_entry "
                                    + "WHERE account_id = ? AND entry_number BETWEEN ? AND ? ORDER BY entry_number",
                            spec.accountId(), first, last).fetchSize(FETCH_SIZE).fetchLazy()) {
                        while (cursor.hasNext()) {
                            Record row = cursor.fetchNext();
                            if (previous[0] == null) {
                                previous[0] = row.get("previous_hash", String.class);
                            }
                            Map<String, Object> entry = new LinkedHashMap<>();
                            entry.put("accountId", row.get("account_id", String.class));
                            entry.put("entryNumber", row.get("entry_number", Long.class));
                            entry.put("eventId", row.get("event_id", String.class));
                            entry.put("messageId", row.get("message_id", String.class));
                            entry.put("eventType", row.get("event_type", String.class));
                            entry.put("occurredAt", AuditChain.isoMillis(row.get("occurred_at", OffsetDateTime.class).toInstant()));
                            entry.put("summary", row.get("summary", String.class));
                            entry.put("previousHash", row.get("previous_hash", String.class));
                            entry.put("entryHash", row.get("entry_hash", String.class));
                            head[0] = row.get("entry_hash", String.class);
                            out.write(JSONObject.toJSONString(entry));
                            out.write('\n');
                            if (++count[0] % 10_000 == 0) {
                                tick.accept(10_000);
                            }
                        }
                    }
                });
            }
        }
        tick.accept(count[0] % 10_000);
        files.add(new DataFile("audit-chain.jsonl", path, count[0], HexFormat.of().formatHex(digest.digest())));
        return count[0] == 0 ? new ChainSegment(0, 0, null, checkpoint == null ? null : checkpoint.headHash())
                : new ChainSegment(first, first + count[0] - 1, previous[0], head[0]);
    }

    private DataFile small(Path dir, String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, content, StandardCharsets.UTF_8);
        return new DataFile(name, path, content.lines().count(),
                HexFormat.of().formatHex(sha256().digest(content.getBytes(StandardCharsets.UTF_8))));
    }

    private static String checkpointJson(Checkpoint c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("format", io.attest.gateway.audit.trail.AuditCheckpoints.FORMAT);
        json.put("accountId", c.accountId());
        json.put("entryNumber", c.entryNumber());
        json.put("headHash", c.headHash());
        json.put("createdAt", AuditChain.isoMillis(c.createdAt()));
        json.put("keyId", c.keyId());
        json.put("signature", c.signature());
        return JSONObject.toJSONString(json) + "\n";
    }

    private String manifest(Spec spec, Checkpoint checkpoint, ChainSegment segment, List<DataFile> files) {
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("subscriber", spec.query().subscriber());
        query.put("campaignId", spec.query().campaignId());
        query.put("from", spec.query().from() == null ? null : AuditChain.isoMillis(spec.query().from()));
        query.put("to", spec.query().to() == null ? null : AuditChain.isoMillis(spec.query().to()));
        List<Object> fileList = new ArrayList<>();
        for (DataFile file : files) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", file.name());
            entry.put("rows", file.rows());
            entry.put("sha256", file.sha256());
            fileList.add(entry);
        }
        Map<String, Object> chain = new LinkedHashMap<>();
        chain.put("firstEntry", segment.firstEntry());
        chain.put("lastEntry", segment.lastEntry());
        chain.put("previousHash", segment.previousHash());
        chain.put("headHash", segment.headHash());
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("exportId", spec.exportId());
        manifest.put("accountId", spec.accountId());
        manifest.put("requestedBy", spec.requestedBy());
        manifest.put("requestedAt", AuditChain.isoMillis(spec.requestedAt()));
        manifest.put("generatedAt", AuditChain.isoMillis(Instant.now()));
        manifest.put("query", query);
        manifest.put("retention", spec.retention());
        manifest.put("keyId", signer.keyId());
        manifest.put("files", fileList);
        manifest.put("chain", chain);
        manifest.put("checkpointEntry", checkpoint == null ? null : checkpoint.entryNumber());
        return JSONObject.toJSONString(manifest) + "\n";
    }

    private void zip(Path target, Instant time, List<DataFile> files, String manifest, String manifestSignature)
            throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            zip.setComment(TRAILER_PREFIX + "=".repeat(SIGNATURE_LENGTH));
            for (DataFile file : files) {
                zip.putNextEntry(entry(file.name(), time));
                try (InputStream in = Files.newInputStream(file.path())) {
                    in.transferTo(zip);
                }
                zip.closeEntry();
            }
            zip.putNextEntry(entry("manifest.json", time));
            zip.write(manifest.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(entry("manifest.sig", time));
            zip.write((manifestSignature + "\n").getBytes(StandardCharsets.US_ASCII));
            zip.closeEntry();
        }
    }

    private static ZipEntry entry(String name, Instant time) {
        ZipEntry entry = new ZipEntry(name);
        entry.setTime(time.toEpochMilli());
        return entry;
    }

    /** Signs every byte before the zip comment and writes the signature into the comment; returns the file's SHA-256. */
    private String sign(Path target) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(target.toFile(), "rw")) {
            long signedLength = file.length() - SIGNATURE_LENGTH;
            String digest = BundleVerifier.sha256Hex(target, signedLength);
            String signature = signer.sign(BundleVerifier.trailerText(digest));
            file.seek(signedLength);
            file.write(signature.getBytes(StandardCharsets.US_ASCII));
        }
        return BundleVerifier.sha256Hex(target, Files.size(target));
    }

    private static BufferedWriter writer(Path path, MessageDigest digest) throws IOException {
        OutputStream out = new DigestOutputStream(Files.newOutputStream(path), digest);
        return new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
    }

    /** The column names of a "SELECT a, d.b, ... FROM" statement, without table aliases. */
    private static List<String> header(String sql) {
        List<String> names = new ArrayList<>();
        for (String column : sql.substring("SELECT ".length(), sql.indexOf(" FROM ")).split(",")) {
            String name = column.trim();
            names.add(name.substring(name.indexOf('.') + 1));
        }
        return names;
    }

    private static Map<String, Object> values(Record row) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < row.size(); i++) {
            Object value = row.get(i);
            if (value instanceof OffsetDateTime at) {
                value = AuditChain.isoMillis(at.toInstant());
            } else if (value instanceof java.sql.Timestamp at) {
                value = AuditChain.isoMillis(at.toInstant());
            }
            values.put(row.field(i).getName(), value);
        }
        return values;
    }

    /** RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled; null is an empty field. */
    static String csvLine(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                line.append(',');
            }
            String field = fields.get(i);
            if (field == null) {
                continue;
            }
            if (field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0 || field.indexOf('\r') >= 0) {
                line.append('"').append(field.replace("\"", "\"\"")).append('"');
            } else {
                line.append(field);
            }
        }
        return line.append("\r\n").toString();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException ignored) {
                    // a temporary file left behind is removed with the next export's directory cleanup
                }
            });
        } catch (IOException ignored) {
            // nothing to clean
        }
    }
}
