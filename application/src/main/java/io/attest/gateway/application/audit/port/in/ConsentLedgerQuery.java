package io.attest.gateway.application.audit.port.in;

import io.attest.gateway.domain.shared.AccountId;

import java.time.Instant;
import java.util.List;

/** The consent ledger of one subscriber in the account, every brand, in order. */
public interface ConsentLedgerQuery {

    /** In order; at most 10,000 entries, and one more when there are more than that (the caller says so). */
    List<LedgerEntry> ledger(AccountId account, String subscriber);

    /**
     * @param entryType OPT_IN, RE_OPT_IN, OPT_OUT, OPT_OUT_CONFIRMATION or OPT_IN_CONFIRMATION
     * @param confirmationDelayMillis for a confirmation: the time from the change it confirms to the confirmation
     */
    record LedgerEntry(String brandId, String subscriber, long entryNumber, String entryType, String campaignId,
                       String consentKind, String revocationScope, String method, String matchedRule,
                       String subscriberWords, String evidenceChannel, String disclosureSha256, String sourceReference,
                       String confirmationMessageId, Long confirmationDelayMillis, String actor, Instant effectiveAt,
                       Instant recordedAt) {
    }
}
