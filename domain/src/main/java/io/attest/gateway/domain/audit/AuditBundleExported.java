package io.attest.gateway.domain.audit;

import io.attest.gateway.domain.shared.AccountId;

import java.time.Instant;

/**
 * Someone asked for an export of the account's audit records: who, what and when. Recorded in the event store
 * and in the account's audit chain, so exports are themselves audited.
 *
 * @param query what was asked for, in words (subscriber, campaign, date range)
 */
public record AuditBundleExported(AccountId accountId, String exportId, String requestedBy, String query,
                                  Instant requestedAt) {
}
