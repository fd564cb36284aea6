package io.attest.gateway.application.audit.port.in;

import io.attest.gateway.domain.shared.AccountId;

import java.nio.file.Path;
import java.time.Instant;

/**
 * A compliance officer exports the account's consent ledger and delivery timelines, with the audit chain segment
 * and a signed checkpoint, as a signed bundle. Exports run in the background; the job shows their progress.
 */
public interface ExportAuditBundleUseCase {

    /** Queues an export; the request itself is recorded in the audit chain. */
    ExportJob request(AccountId account, String requestedBy, ExportQuery query);

    ExportJob job(AccountId account, String exportId);

    /** The finished bundle's file. */
    Path bundle(AccountId account, String exportId);

    /**
     * Every field optional; all given must match.
     *
     * @param from inclusive, to exclusive: when the consent change was recorded or the message accepted
     */
    record ExportQuery(String subscriber, String campaignId, Instant from, Instant to) {
    }

    /**
     * @param status  queued, running, done or failed
     * @param percent rows written of rows to write, 0-100
     */
    record ExportJob(String id, String accountId, String requestedBy, ExportQuery query, String status, int percent,
                     long rowsTotal, long rowsDone, String bundleSha256, Long bundleBytes, String error,
                     Instant requestedAt, Instant finishedAt) {
    }
}
