package io.attest.gateway.infrastructure.adapter.in.rest;

import io.attest.gateway.application.audit.port.in.AuditCheckpointQuery;
import io.attest.gateway.application.audit.port.in.ConsentLedgerQuery;
import io.attest.gateway.application.audit.port.in.ExportAuditBundleUseCase;
import io.attest.gateway.application.audit.port.in.ExportAuditBundleUseCase.ExportJob;
import io.attest.gateway.application.audit.port.in.ExportAuditBundleUseCase.ExportQuery;
import io.attest.gateway.application.audit.port.in.VerifyAuditTrailQuery;
import io.attest.gateway.application.audit.port.in.VerifyAuditTrailQuery.ChainStatus;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.domain.shared.PhoneNumber;
import io.attest.gateway.infrastructure.security.AccountResolver;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The compliance officer's API: verify the audit chain and its signed checkpoints, read them and the signing key
 * to anchor elsewhere, read a subscriber's consent ledger ({@code audit:read}); export signed bundles
 * ({@code audit:export}). Always the caller's account only.
 */
@RestController
class AuditController {

    private final VerifyAuditTrailQuery audit;
    private final AuditCheckpointQuery checkpoints;
    private final ConsentLedgerQuery ledger;
    private final ExportAuditBundleUseCase exports;
    private final AccountResolver accounts;
    private final io.attest.gateway.application.audit.port.in.ReadAuditTrailQuery trail;

    AuditController(VerifyAuditTrailQuery audit, AuditCheckpointQuery checkpoints, ConsentLedgerQuery ledger,
                    ExportAuditBundleUseCase exports, AccountResolver accounts,
                    io.attest.gateway.application.audit.port.in.ReadAuditTrailQuery trail) {
        this.trail = trail;
        this.audit = audit;
        this.checkpoints = checkpoints;
        this.ledger = ledger;
        this.exports = exports;
        this.accounts = accounts;
    }

    @GetMapping("/v1/audit/verification")
    ChainStatus verify(@AuthenticationPrincipal Jwt jwt) {
        return audit.verify(accounts.accountOf(jwt));
    }

    /** The chain entry by entry, paged by entry number. */
    @GetMapping("/v1/audit/entries")
    EntryPage entries(@AuthenticationPrincipal Jwt jwt, @RequestParam(name = "after", defaultValue = "0") long after,
                      @RequestParam(name = "limit", defaultValue = "100") int limit) {
        RequestBodies.checkPage(after, limit);
        var page = trail.entries(accounts.accountOf(jwt), after, limit);
        return new EntryPage(page, page.isEmpty() ? after : page.getLast().entryNumber());
    }

    record EntryPage(List<io.attest.gateway.application.audit.port.in.ReadAuditTrailQuery.Entry> entries, long next) {
    }

    @GetMapping("/v1/audit/checkpoints")
    CheckpointPage checkpoints(@AuthenticationPrincipal Jwt jwt,
                               @RequestParam(name = "after", defaultValue = "0") long after,
                               @RequestParam(name = "limit", defaultValue = "100") int limit) {
        RequestBodies.checkPage(after, limit);
        var page = checkpoints.checkpoints(accounts.accountOf(jwt), after, limit);
        return new CheckpointPage(page, page.isEmpty() ? after : page.getLast().entryNumber());
    }

    @GetMapping("/v1/audit/signing-key")
    AuditCheckpointQuery.SigningKey signingKey() {
        return checkpoints.signingKey();
    }

    @GetMapping("/v1/audit/consent-ledger")
    LedgerResponse consentLedger(@AuthenticationPrincipal Jwt jwt, @RequestParam(name = "subscriber") String subscriber) {
        String number = PhoneNumber.of(subscriber).e164();
        var entries = ledger.ledger(accounts.accountOf(jwt), number);
        boolean truncated = entries.size() > LEDGER_LIMIT;
        return new LedgerResponse(number, truncated ? entries.subList(0, LEDGER_LIMIT) : entries, truncated);
    }

    @PostMapping("/v1/audit/exports")
    ResponseEntity<JobResponse> export(@AuthenticationPrincipal Jwt jwt,
                                     @RequestBody(required = false) ExportRequest request) {
        ExportRequest r = request == null ? new ExportRequest(null, null, null, null) : request;
        ExportJob job = exports.request(accounts.accountOf(jwt), requester(jwt),
                new ExportQuery(r.subscriber(), r.campaignId(), instant(r.from(), "from"), instant(r.to(), "to")));
        return ResponseEntity.accepted().location(URI.create("/v1/audit/exports/" + job.id())).body(JobResponse.of(job));
    }

    @GetMapping("/v1/audit/exports/{id}")
    JobResponse job(@AuthenticationPrincipal Jwt jwt, @PathVariable("id") String id) {
        return JobResponse.of(exports.job(accounts.accountOf(jwt), id));
    }

    /** @param bundleUrl where to download the bundle once the job is done; null before */
    record JobResponse(String id, String accountId, String requestedBy, ExportQuery query, String status, int percent,
                       long rowsTotal, long rowsDone, String bundleSha256, Long bundleBytes, String error,
                       Instant requestedAt, Instant finishedAt, String bundleUrl) {

        static JobResponse of(ExportJob job) {
            return new JobResponse(job.id(), job.accountId(), job.requestedBy(), job.query(), job.status(), job.percent(),
                    job.rowsTotal(), job.rowsDone(), job.bundleSha256(), job.bundleBytes(), job.error(),
                    job.requestedAt(), job.finishedAt(),
                    job.status().equals("done") ? "/v1/audit/exports/" + job.id() + "/bundle" : null);
        }
    }

    @GetMapping("/v1/audit/exports/{id}/bundle")
    ResponseEntity<FileSystemResource> bundle(@AuthenticationPrincipal Jwt jwt, @PathVariable("id") String id) {
        Path file = exports.bundle(accounts.accountOf(jwt), id);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"audit-" + id + ".zip\"")
                .body(new FileSystemResource(file));
    }

    /** The person or client that asked: Keycloak's preferred_username when present, else the token's subject. */
    static String requester(Jwt jwt) {
        String user = jwt.getClaimAsString("preferred_username");
        return user != null ? user : jwt.getSubject();
    }

    private static Instant instant(String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST,
                    field + " must be an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        }
    }

    /** Every member optional. @param from inclusive @param to exclusive */
    record ExportRequest(String subscriber, String campaignId, String from, String to) {
    }

    record CheckpointPage(List<AuditCheckpointQuery.Checkpoint> checkpoints, long next) {
    }

    private static final int LEDGER_LIMIT = 10_000;

    /** @param truncated true when the subscriber has more entries than shown: export them as a bundle */
    record LedgerResponse(String subscriber, List<ConsentLedgerQuery.LedgerEntry> entries, boolean truncated) {
    }
}
