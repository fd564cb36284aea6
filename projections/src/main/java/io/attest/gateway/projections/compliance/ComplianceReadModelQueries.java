package io.attest.gateway.projections.compliance;

import io.attest.gateway.application.compliance.port.out.CampaignNumbersPort;
import io.attest.gateway.application.compliance.port.out.HeldMessagesPort;
import io.attest.gateway.application.compliance.port.out.MarketingSendCountPort;
import io.attest.gateway.application.compliance.port.out.RecipientSendCountPort;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.shared.PhoneNumber;
import io.attest.gateway.projections.sql.PreparedSql;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static io.attest.gateway.projections.jooq.Tables.CAMPAIGN_NUMBER;
import static io.attest.gateway.projections.jooq.Tables.HELD_MESSAGE;
import static io.attest.gateway.projections.jooq.Tables.MARKETING_SEND;
import static io.attest.gateway.projections.jooq.Tables.RECIPIENT_SEND;

public class ComplianceReadModelQueries implements MarketingSendCountPort, RecipientSendCountPort, HeldMessagesPort,
        CampaignNumbersPort {

    @Override
    public List<PhoneNumber> numbersOf(CampaignId campaign) {
        return db.select(CAMPAIGN_NUMBER.NUMBER).from(CAMPAIGN_NUMBER)
                .where(CAMPAIGN_NUMBER.CAMPAIGN_ID.eq(campaign.value()))
                .orderBy(CAMPAIGN_NUMBER.NUMBER)
                .fetch(row -> PhoneNumber.of(row.value1()));
    }

    private final DSLContext db;

    public ComplianceReadModelQueries(DSLContext db) {
        this.db = db;
    }

    /*
     * The counts every send that counts earlier ones runs, in the transaction that records it: SQL written once
     * (PreparedSql), with and without a message left out (a held message decided again).
     */
    private static final PreparedSql MARKETING_COUNT = new PreparedSql("""
            SELECT count(*) FROM marketing_send
            WHERE campaign_id = ? AND recipient = ? AND counted AND accepted_at > ?""");
    private static final PreparedSql MARKETING_COUNT_EXCLUDING = new PreparedSql(MARKETING_COUNT + " AND message_id <> ?");
    private static final PreparedSql RECIPIENT_COUNT = new PreparedSql("""
            SELECT count(*) FROM recipient_send
            WHERE recipient = ? AND account_id = ? AND counted AND accepted_at > ?""");
    private static final PreparedSql RECIPIENT_COUNT_EXCLUDING = new PreparedSql(RECIPIENT_COUNT + " AND message_id <> ?");

    @Override
    public int countSince(CampaignId campaign, PhoneNumber recipient, Instant since, MessageId excluding) {
        return (int) (excluding == null
                ? MARKETING_COUNT.fetchLong(db, 0, campaign.value(), recipient.e164(), since)
                : MARKETING_COUNT_EXCLUDING.fetchLong(db, 0, campaign.value(), recipient.e164(), since, excluding.value()));
    }

    @Override
    public int countSince(AccountId account, PhoneNumber recipient, Instant since, MessageId excluding) {
        return (int) (excluding == null
                ? RECIPIENT_COUNT.fetchLong(db, 0, recipient.e164(), account.value(), since)
                : RECIPIENT_COUNT_EXCLUDING.fetchLong(db, 0, recipient.e164(), account.value(), since, excluding.value()));
    }

    @Override
    public int forgetBefore(Instant before) {
        return db.deleteFrom(RECIPIENT_SEND).where(RECIPIENT_SEND.ACCEPTED_AT.lt(before.atOffset(ZoneOffset.UTC))).execute();
    }

    @Override
    public List<MessageId> dueAt(Instant now, int limit) {
        return db.select(HELD_MESSAGE.MESSAGE_ID).from(HELD_MESSAGE)
                .where(HELD_MESSAGE.RELEASE_AT.le(now.atOffset(ZoneOffset.UTC)))
                .orderBy(HELD_MESSAGE.RELEASE_AT)
                .limit(limit)
                .fetch(row -> MessageId.of(row.value1()));
    }
}
