package io.attest.gateway.domain.inbound;

import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.consent.ReplyIntent;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;

/**
 * A subscriber's message reached one of our numbers, read for keywords and plain-words opt-outs before
 * anything else happens with it.
 *
 * @param accountId  the account that owns the number, or null when no account does (kept all the same)
 * @param campaignId the campaign the number serves, or null
 * @param charge     what receiving it costs the account, by the rate card in force; null when no account owns the
 *                   number, or in events recorded before messages were priced
 */
public record InboundMessageReceived(InboundMessageId inboundMessageId, PhoneNumber from, PhoneNumber to, String text,
                                     AccountId accountId, CampaignId campaignId, ReplyIntent.Kind intent,
                                     String matchedRule, io.attest.gateway.domain.cost.MessageCost charge) {

    public InboundMessageReceived(InboundMessageId inboundMessageId, PhoneNumber from, PhoneNumber to, String text,
                                  AccountId accountId, CampaignId campaignId, ReplyIntent.Kind intent,
                                  String matchedRule) {
        this(inboundMessageId, from, to, text, accountId, campaignId, intent, matchedRule, null);
    }
}
