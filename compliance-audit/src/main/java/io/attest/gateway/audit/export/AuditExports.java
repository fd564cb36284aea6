package io.attest.gateway.audit.export;

import io.attest.gateway.application.audit.port.in.ExportAuditBundleUseCase;
import io.attest.gateway.application.shared.NotFoundException;
import io.attest.gateway.audit.trail.AuditCheckpoints;
import io.attest.gateway.domain.audit.AuditBundleExported;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.IllegalTransitionException;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.domain.shared.PhoneNumber;
import io.attest.gateway.audit.jooq.tables.records.AuditExportRecord;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

import static io.attest.gateway.audit.jooq.Tables.AUDIT_EXPORT;

/**
 * Export jobs: a request is recorded (as a job and as an audit event) and queued; one worker per node writes bundles
 * one after another into the exports directory, and into the database, so that every node hands the bundle out.
 * A job is claimed by one atomic update: on several nodes, one of them writes it. Progress is counted in rows and
 * written to the database every few seconds. A job that was queued, or running on a node that is gone, is started
 * again by {@link #resumeInterrupted}, at start-up and every minute.
 */
public class AuditExports implements ExportAuditBundleUseCase {

    private static final Logger log = LoggerFactory.getLogger(AuditExports.class);

    private final DSLContext db;
    private final BundleWriter writer;
    private final AuditCheckpoints checkpoints;
    private final Path directory;
    private final Consumer<Object> publish;
    private final Clock clock;
    private final ExecutorService worker;
    private final String retention;
    private final Map<String, Long> progress = new ConcurrentHashMap<>();
    private final java.util.Set<String> submitted = ConcurrentHashMap.newKeySet();
    private final String node;
    private final java.util.function.Predicate<String> nodeAlive;

    static final int CHUNK_BYTES = 1024 * 1024;

    /** One node alone: a job left running is this node's from before it restarted. */
    public AuditExports(DSLContext db, BundleWriter writer, AuditCheckpoints checkpoints, Path directory,
                        Consumer<Object> publish, Clock clock, ExecutorService worker, String retention) {
        this(db, writer, checkpoints, directory, publish, clock, worker, retention, "this-node", otherNode -> false);
    }

    /**
     * @param node      this node's id, recorded with the jobs it runs
     * @param nodeAlive whether a node is running: the jobs left running by one that is not are started again
     */
    public AuditExports(DSLContext db, BundleWriter writer, AuditCheckpoints checkpoints, Path directory,
                        Consumer<Object> publish, Clock clock, ExecutorService worker, String retention, String node,
                        java.util.function.Predicate<String> nodeAlive) {
        this.node = node;
        this.nodeAlive = nodeAlive;
        this.db = db;
        this.writer = writer;
        this.checkpoints = checkpoints;
        this.directory = directory;
        this.publish = publish;
        this.clock = clock;
        this.worker = worker;
        this.retention = retention;
    }

    /** Starts again what was left queued, or running on a node that no longer runs (this one before a restart). */
    public void resumeInterrupted() {
        for (var running : db.select(AUDIT_EXPORT.ID, AUDIT_EXPORT.NODE_ID).from(AUDIT_EXPORT)
                .where(AUDIT_EXPORT.STATUS.eq("RUNNING")).fetch()) {
            String owner = running.value2();
            if (owner == null || (!owner.equals(node) && !nodeAlive.test(owner))
                    || (owner.equals(node) && !submitted.contains(running.value1()))) {
                db.update(AUDIT_EXPORT).set(AUDIT_EXPORT.STATUS, "QUEUED")
                        .where(AUDIT_EXPORT.ID.eq(running.value1()), AUDIT_EXPORT.STATUS.eq("RUNNING"))
                        .and(owner == null ? AUDIT_EXPORT.NODE_ID.isNull() : AUDIT_EXPORT.NODE_ID.eq(owner))
                        .execute();
            }
        }
        db.select(AUDIT_EXPORT.ID).from(AUDIT_EXPORT).where(AUDIT_EXPORT.STATUS.eq("QUEUED"))
                .orderBy(AUDIT_EXPORT.REQUESTED_AT).fetch(AUDIT_EXPORT.ID)
                .forEach(this::submit);
    }

    private void submit(String id) {
        if (submitted.add(id)) {
            worker.execute(() -> {
                try {
                    run(id);
                } finally {
                    submitted.remove(id);
                }
            });
        }
    }

    @Override
    public ExportJob request(AccountId account, String requestedBy, ExportQuery query) {
        ExportQuery checked = check(query);
        String id = "exp_" + UUID.randomUUID().toString().replace("-", "");
        Instant now = clock.instant();
        // on the record first: there is never an export without its audit entry
        publish.accept(new AuditBundleExported(account, id, requestedBy, describe(checked), now));
        db.insertInto(AUDIT_EXPORT)
                .set(AUDIT_EXPORT.ID, id)
                .set(AUDIT_EXPORT.ACCOUNT_ID, account.value())
                .set(AUDIT_EXPORT.REQUESTED_BY, requestedBy)
                .set(AUDIT_EXPORT.SUBSCRIBER, checked.subscriber())
                .set(AUDIT_EXPORT.CAMPAIGN_ID, checked.campaignId())
                .set(AUDIT_EXPORT.RANGE_FROM, utc(checked.from()))
                .set(AUDIT_EXPORT.RANGE_TO, utc(checked.to()))
                .set(AUDIT_EXPORT.STATUS, "QUEUED")
                .set(AUDIT_EXPORT.REQUESTED_AT, utc(now))
                .execute();
        submit(id);
        return job(account, id);
    }

    private static ExportQuery check(ExportQuery query) {
        ExportQuery q = query == null ? new ExportQuery(null, null, null, null) : query;
        String subscriber = q.subscriber() == null ? null : PhoneNumber.of(q.subscriber()).e164();
        if (q.campaignId() != null && (q.campaignId().isBlank() || q.campaignId().length() > 64)) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "campaignId must be 1 to 64 characters");
        }
        if (q.from() != null && q.to() != null && !q.from().isBefore(q.to())) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "from must be before to");
        }
        return new ExportQuery(subscriber, q.campaignId(), q.from(), q.to());
    }

    private static String describe(ExportQuery q) {
        return "subscriber=" + (q.subscriber() == null ? "any" : q.subscriber())
                + " campaign=" + (q.campaignId() == null ? "any" : q.campaignId())
                + " from=" + (q.from() == null ? "start" : q.from()) + " to=" + (q.to() == null ? "now" : q.to());
    }

    void run(String id) {
        // claimed by one atomic update: of the nodes that try, one writes it
        if (db.update(AUDIT_EXPORT).set(AUDIT_EXPORT.STATUS, "RUNNING").set(AUDIT_EXPORT.ROWS_DONE, 0L)
                .set(AUDIT_EXPORT.NODE_ID, node)
                .where(AUDIT_EXPORT.ID.eq(id), AUDIT_EXPORT.STATUS.eq("QUEUED")).execute() == 0) {
            return;
        }
        AuditExportRecord job = db.selectFrom(AUDIT_EXPORT).where(AUDIT_EXPORT.ID.eq(id)).fetchOne();
        try {
            AccountId account = AccountId.of(job.getAccountId());
            var checkpoint = checkpoints.checkpointNow(account, clock.instant()).orElse(null);
            var spec = new BundleWriter.Spec(id, job.getAccountId(), job.getRequestedBy(),
                    job.getRequestedAt().toInstant(), query(job), retention);
            long total = writer.countRows(spec, checkpoint);
            db.update(AUDIT_EXPORT).set(AUDIT_EXPORT.ROWS_TOTAL, total).where(AUDIT_EXPORT.ID.eq(id)).execute();
            Files.createDirectories(directory);
            ownerOnly(directory, "rwx------");
            Path part = directory.resolve(id + ".zip.part");
            Files.deleteIfExists(part);
            Files.createFile(part);
            ownerOnly(part, "rw-------"); // before a byte of it is written
            long[] lastWritten = {System.nanoTime()};
            var written = writer.write(spec, checkpoint, part, done -> {
                progress.put(id, done);
                if (System.nanoTime() - lastWritten[0] > 2_000_000_000L) { // for the other nodes' progress bars
                    lastWritten[0] = System.nanoTime();
                    db.update(AUDIT_EXPORT).set(AUDIT_EXPORT.ROWS_DONE, done).where(AUDIT_EXPORT.ID.eq(id)).execute();
                }
            });
            Files.move(part, file(id), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            storeInDatabase(id, file(id));
            db.update(AUDIT_EXPORT)
                    .set(AUDIT_EXPORT.STATUS, "DONE")
                    .set(AUDIT_EXPORT.ROWS_TOTAL, Math.max(total, written.rows()))
                    .set(AUDIT_EXPORT.ROWS_DONE, written.rows())
                    .set(AUDIT_EXPORT.BUNDLE_SHA256, written.sha256())
                    .set(AUDIT_EXPORT.BUNDLE_BYTES, written.bytes())
                    .set(AUDIT_EXPORT.FINISHED_AT, utc(clock.instant()))
                    .where(AUDIT_EXPORT.ID.eq(id)).execute();
            log.info("audit bundle {} of account {} written: {} rows, {} bytes", id, job.getAccountId(),
                    written.rows(), written.bytes());
        } catch (RuntimeException | IOException e) {
            log.error("audit export {} failed", id, e);
            try {
                Files.deleteIfExists(directory.resolve(id + ".zip.part"));
            } catch (IOException ignored) {
                // a partial file left behind is overwritten by a retry of the same export
            }
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            db.update(AUDIT_EXPORT)
                    .set(AUDIT_EXPORT.STATUS, "FAILED")
                    .set(AUDIT_EXPORT.ERROR, message.length() > 1000 ? message.substring(0, 1000) : message)
                    .set(AUDIT_EXPORT.FINISHED_AT, utc(clock.instant()))
                    .where(AUDIT_EXPORT.ID.eq(id)).execute();
        } finally {
            progress.remove(id);
        }
    }

    /** The bundle, in chunks, where every node can read it; a retry of the export writes them again. */
    private void storeInDatabase(String id, Path bundle) throws IOException {
        db.deleteFrom(io.attest.gateway.audit.jooq.Tables.AUDIT_EXPORT_CHUNK)
                .where(io.attest.gateway.audit.jooq.Tables.AUDIT_EXPORT_CHUNK.EXPORT_ID.eq(id)).execute();
        try (var in = Files.newInputStream(bundle)) {
            int seq = 0;
            byte[] chunk;
            while ((chunk = in.readNBytes(CHUNK_BYTES)).length > 0) {
                db.insertInto(io.attest.gateway.audit.jooq.Tables.AUDIT_EXPORT_CHUNK)
                        .set(io.attest.gateway.audit.jooq.Tables.AUDIT_EXPORT_CHUNK.EXPORT_ID, id)
                        .set(io.attest.gateway.audit.jooq.Tables.AUDIT_EXPORT_CHUNK.SEQ, seq++)
                        .set(io.attest.gateway.audit.jooq.Tables.AUDIT_EXPORT_CHUNK.BYTES, chunk)
                        .execute();
            }
        }
    }

    /**
     * The bundle from the database into this node's exports directory, for a node that did not write it: chunk by
     * chunk into a part file, moved into place once whole. False when the database has none of it.
     */
    private boolean fetchFromDatabase(String id) throws IOException {
        var chunks = io.attest.gateway.audit.jooq.Tables.AUDIT_EXPORT_CHUNK;
        List<Integer> seqs = db.select(chunks.SEQ).from(chunks).where(chunks.EXPORT_ID.eq(id)).orderBy(chunks.SEQ)
                .fetch(chunks.SEQ);
        if (seqs.isEmpty()) {
            return false;
        }
        Files.createDirectories(directory);
        ownerOnly(directory, "rwx------");
        Path part = directory.resolve(id + ".zip.fetch-" + UUID.randomUUID());
        Files.createFile(part);
        ownerOnly(part, "rw-------");
        try (var out = Files.newOutputStream(part)) {
            for (int seq : seqs) {
                out.write(db.select(chunks.BYTES).from(chunks).where(chunks.EXPORT_ID.eq(id), chunks.SEQ.eq(seq))
                        .fetchOne(chunks.BYTES));
            }
        }
        Files.move(part, file(id), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return true;
    }

        /** Where the bundle of an export is kept: readable by the gateway's own user only. */
    public Path file(String id) {
        return directory.resolve(id + ".zip");
    }

    /** A bundle holds subscribers' numbers and messages: only the gateway's user may read it (POSIX systems). */
    private static void ownerOnly(Path path, String permissions) throws IOException {
        if (path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, java.nio.file.attribute.PosixFilePermissions.fromString(permissions));
        }
    }

    @Override
    public ExportJob job(AccountId account, String exportId) {
        AuditExportRecord job = db.selectFrom(AUDIT_EXPORT)
                .where(AUDIT_EXPORT.ID.eq(exportId), AUDIT_EXPORT.ACCOUNT_ID.eq(account.value())).fetchOne();
        if (job == null) {
            throw new NotFoundException("export-not-found", "no audit export " + exportId + " in this account");
        }
        long total = job.getRowsTotal() == null ? 0 : job.getRowsTotal();
        long done = progress.getOrDefault(exportId, job.getRowsDone() == null ? 0 : job.getRowsDone());
        int percent = switch (job.getStatus()) {
            case "DONE" -> 100;
            case "QUEUED" -> 0;
            default -> total == 0 ? 0 : (int) Math.min(99, done * 100 / total);
        };
        return new ExportJob(job.getId(), job.getAccountId(), job.getRequestedBy(), query(job),
                job.getStatus().toLowerCase(java.util.Locale.ROOT), percent, total, done, job.getBundleSha256(),
                job.getBundleBytes(), job.getError(), job.getRequestedAt().toInstant(),
                job.getFinishedAt() == null ? null : job.getFinishedAt().toInstant());
    }

    @Override
    public Path bundle(AccountId account, String exportId) {
        ExportJob job = job(account, exportId);
        if (!job.status().equals("done")) {
            throw new IllegalTransitionException("audit export " + exportId + " is " + job.status()
                    + "; its bundle can be downloaded once it is done");
        }
        Path file = file(exportId);
        try {
            if (!Files.exists(file) && !fetchFromDatabase(exportId)) {
                throw new NotFoundException("export-not-found", "the bundle of audit export " + exportId
                        + " is no longer kept; request the export again");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot copy the bundle of audit export " + exportId
                    + " from the database", e);
        }
        return file;
    }

    private static ExportQuery query(AuditExportRecord job) {
        return new ExportQuery(job.getSubscriber(), job.getCampaignId(),
                job.getRangeFrom() == null ? null : job.getRangeFrom().toInstant(),
                job.getRangeTo() == null ? null : job.getRangeTo().toInstant());
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
