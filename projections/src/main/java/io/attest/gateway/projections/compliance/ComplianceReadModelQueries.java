package io.attest.gateway.projections.compliance;

import io.attest.gateway.application.compliance.port.out.CampaignNumbersPort;
import io.attest.gateway.application.compliance.port.out.HeldMessagesPort;
import io.attest.gateway.application.compliance.port.out.MarketingSendCountPort;
import io.attest.gateway.application.compliance.port.out.RecipientSendCountPort;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.shared.PhoneNumber;
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

    @Override
    public int countSince(CampaignId campaign, PhoneNumber recipient, Instant since, MessageId excluding) {
        var condition = MARKETING_SEND.CAMPAIGN_ID.eq(campaign.value())
                .and(MARKETING_SEND.RECIPIENT.eq(recipient.e164()))
                .and(MARKETING_SEND.COUNTED.isTrue())
                .and(MARKETING_SEND.ACCEPTED_AT.gt(since.atOffset(ZoneOffset.UTC)));
        if (excluding != null) {
            condition = condition.and(MARKETING_SEND.MESSAGE_ID.ne(excluding.value()));
        }
        return db.fetchCount(MARKETING_SEND, condition);
    }

    @Override
    public int countSince(AccountId account, PhoneNumber recipient, Instant since, MessageId excluding) {
        var condition = RECIPIENT_SEND.RECIPIENT.eq(recipient.e164())
                .and(RECIPIENT_SEND.ACCOUNT_ID.eq(account.value()))
                .and(RECIPIENT_SEND.COUNTED.isTrue())
                .and(RECIPIENT_SEND.ACCEPTED_AT.gt(since.atOffset(ZoneOffset.UTC)));
        if (excluding != null) {
            condition = condition.and(RECIPIENT_SEND.MESSAGE_ID.ne(excluding.value()));
        }
        return db.fetchCount(RECIPIENT_SEND, condition);
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
