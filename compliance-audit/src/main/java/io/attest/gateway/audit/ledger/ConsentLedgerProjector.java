package io.attest.gateway.audit.ledger;

import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.domain.consent.ConsentEvidence;
import io.attest.gateway.domain.consent.OptInRecorded;
import io.attest.gateway.domain.consent.OptOutRecorded;
import io.attest.gateway.domain.message.MessageAccepted;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static io.attest.gateway.audit.jooq.Tables.CONSENT_LEDGER;

/**
 * Writes the consent ledger from consent events and from the confirmations the gateway sends. Runs in one
 * tracking processor thread, so each subscriber's entries are numbered in event-store order; an event seen twice
 * is written once. A confirmation is matched to the latest opt-out (or opt-in) of its recipient in the account,
 * and its delay is the time from that entry to the confirmation's acceptance.
 */
public class ConsentLedgerProjector {

    private final DSLContext db;

    public ConsentLedgerProjector(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(OptInRecorded e, EventMessage<?> message) {
        String account = e.accountId().value();
        String brand = e.brandId().value();
        String subscriber = e.subscriber().e164();
        String last = db.select(CONSENT_LEDGER.ENTRY_TYPE).from(CONSENT_LEDGER)
                .where(CONSENT_LEDGER.ACCOUNT_ID.eq(account), CONSENT_LEDGER.BRAND_ID.eq(brand),
                        CONSENT_LEDGER.SUBSCRIBER.eq(subscriber),
                        CONSENT_LEDGER.ENTRY_TYPE.in("OPT_IN", "RE_OPT_IN", "OPT_OUT"))
                .orderBy(CONSENT_LEDGER.ENTRY_NUMBER.desc()).limit(1).fetchOne(CONSENT_LEDGER.ENTRY_TYPE);
        ConsentEvidence evidence = e.evidence();
        var row = db.newRecord(CONSENT_LEDGER);
        row.setEntryType("OPT_OUT".equals(last) ? "RE_OPT_IN" : "OPT_IN");
        row.setCampaignId(e.campaignId().value());
        row.setConsentKind(e.kind().name());
        if (evidence != null) {
            row.setEvidenceChannel(evidence.channel().name());
            row.setDisclosureShown(evidence.disclosureShown());
            row.setDisclosureSha256(evidence.disclosureSha256());
            row.setConsentGiven(evidence.consentGiven());
            row.setSourceReference(evidence.sourceReference());
            row.setIpAddress(evidence.ipAddress());
            row.setUserAgent(evidence.userAgent());
            row.setSubscriberName(evidence.subscriberName());
        }
        row.setActor(e.recordedBy());
        row.setEffectiveAt(utc(e.consentedAt()));
        append(account, brand, subscriber, row, message);
    }

    @EventHandler
    public void on(OptOutRecorded e, EventMessage<?> message) {
        var row = db.newRecord(CONSENT_LEDGER);
        row.setEntryType("OPT_OUT");
        row.setCampaignId(e.campaignId() == null ? null : e.campaignId().value());
        row.setRevocationScope(e.scope().name());
        row.setMethod(e.method().name());
        row.setMatchedRule(e.matchedRule());
        row.setSubscriberWords(e.subscriberWords());
        row.setAlreadyOptedOut(e.alreadyOptedOut());
        row.setActor(e.recordedBy());
        row.setEffectiveAt(utc(e.requestedAt()));
        append(e.accountId().value(), e.brandId().value(), e.subscriber().e164(), row, message);
    }

    /** The confirmation replies the rules oblige (FCC 24-24 for opt-outs, CTIA for opt-ins), with their delay. */
    @EventHandler
    public void on(MessageAccepted e, EventMessage<?> message) {
        if (e.purpose() != MessagePurpose.OPT_OUT_CONFIRMATION && e.purpose() != MessagePurpose.OPT_IN_CONFIRMATION) {
            return;
        }
        boolean optOut = e.purpose() == MessagePurpose.OPT_OUT_CONFIRMATION;
        String account = e.accountId().value();
        String subscriber = e.to().e164();
        var confirmed = latestConfirmable(account, subscriber, optOut, e.campaignId() == null ? null
                : e.campaignId().value());
        if (confirmed == null && e.campaignId() != null) {
            // the ledger knows nothing of this campaign yet (a brand-wide change through the API): any brand
            confirmed = latestConfirmable(account, subscriber, optOut, null);
        }
        if (confirmed == null) {
            return; // a confirmation without a recorded consent change: nothing to put it next to
        }
        var row = db.newRecord(CONSENT_LEDGER);
        row.setEntryType(e.purpose().name());
        row.setCampaignId(e.campaignId() == null ? null : e.campaignId().value());
        row.setConfirmationMessage(e.messageId().value());
        row.setConfirmationDelayMs(Duration.between(confirmed.getRecordedAt().toInstant(), message.getTimestamp())
                .toMillis());
        row.setActor("gateway");
        row.setEffectiveAt(utc(e.decidedAt()));
        append(account, confirmed.getBrandId(), subscriber, row, message);
    }

    /** The latest change of the recipient a confirmation may confirm; of the campaign's brand when one is given. */
    private io.attest.gateway.audit.jooq.tables.records.ConsentLedgerRecord latestConfirmable(
            String account, String subscriber, boolean optOut, String campaignId) {
        var known = CONSENT_LEDGER.as("known");
        return db.selectFrom(CONSENT_LEDGER)
                .where(CONSENT_LEDGER.ACCOUNT_ID.eq(account), CONSENT_LEDGER.SUBSCRIBER.eq(subscriber))
                .and(optOut ? CONSENT_LEDGER.ENTRY_TYPE.eq("OPT_OUT") : CONSENT_LEDGER.ENTRY_TYPE.in("OPT_IN", "RE_OPT_IN"))
                .and(campaignId == null ? DSL.noCondition() : CONSENT_LEDGER.CAMPAIGN_ID.eq(campaignId)
                        .or(CONSENT_LEDGER.BRAND_ID.in(DSL.select(known.BRAND_ID).from(known)
                                .where(known.ACCOUNT_ID.eq(account), known.CAMPAIGN_ID.eq(campaignId)))))
                .orderBy(CONSENT_LEDGER.RECORDED_AT.desc(), CONSENT_LEDGER.ENTRY_NUMBER.desc())
                .limit(1).fetchOne();
    }

    private void append(String account, String brand, String subscriber,
                        io.attest.gateway.audit.jooq.tables.records.ConsentLedgerRecord row, EventMessage<?> message) {
        if (db.fetchExists(CONSENT_LEDGER, CONSENT_LEDGER.EVENT_ID.eq(message.getIdentifier()))) {
            return; // seen before
        }
        long next = db.select(DSL.coalesce(DSL.max(CONSENT_LEDGER.ENTRY_NUMBER), 0L)).from(CONSENT_LEDGER)
                .where(CONSENT_LEDGER.ACCOUNT_ID.eq(account), CONSENT_LEDGER.BRAND_ID.eq(brand),
                        CONSENT_LEDGER.SUBSCRIBER.eq(subscriber))
                .fetchOne(0, Long.class) + 1;
        row.setAccountId(account);
        row.setBrandId(brand);
        row.setSubscriber(subscriber);
        row.setEntryNumber(next);
        row.setEventId(message.getIdentifier());
        row.setRecordedAt(utc(message.getTimestamp()));
        row.insert();
    }

    @ResetHandler
    public void reset() {
        db.truncate(CONSENT_LEDGER).execute();
    }

    private static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
