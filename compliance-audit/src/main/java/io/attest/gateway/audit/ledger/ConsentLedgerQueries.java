package io.attest.gateway.audit.ledger;

import io.attest.gateway.application.audit.port.in.ConsentLedgerQuery;
import io.attest.gateway.domain.shared.AccountId;
import org.jooq.DSLContext;

import java.util.List;

import static io.attest.gateway.audit.jooq.Tables.CONSENT_LEDGER;

/** Reads the consent ledger, always within one account. */
public class ConsentLedgerQueries implements ConsentLedgerQuery {

    /** At most this many entries per subscriber are returned; the port tells the caller when there were more. */
    public static final int LIMIT = 10_000;

    private final DSLContext db;

    public ConsentLedgerQueries(DSLContext db) {
        this.db = db;
    }

    @Override
    public List<LedgerEntry> ledger(AccountId account, String subscriber) {
        return db.selectFrom(CONSENT_LEDGER)
                .where(CONSENT_LEDGER.ACCOUNT_ID.eq(account.value()), CONSENT_LEDGER.SUBSCRIBER.eq(subscriber))
                .orderBy(CONSENT_LEDGER.RECORDED_AT, CONSENT_LEDGER.BRAND_ID, CONSENT_LEDGER.ENTRY_NUMBER)
                .limit(LIMIT + 1)
                .fetch(r -> new LedgerEntry(r.getBrandId(), r.getSubscriber(), r.getEntryNumber(), r.getEntryType(),
                        r.getCampaignId(), r.getConsentKind(), r.getRevocationScope(), r.getMethod(), r.getMatchedRule(),
                        r.getSubscriberWords(), r.getEvidenceChannel(), r.getDisclosureSha256(), r.getSourceReference(),
                        r.getConfirmationMessage(), r.getConfirmationDelayMs(), r.getActor(),
                        r.getEffectiveAt() == null ? null : r.getEffectiveAt().toInstant(), r.getRecordedAt().toInstant()));
    }
}
