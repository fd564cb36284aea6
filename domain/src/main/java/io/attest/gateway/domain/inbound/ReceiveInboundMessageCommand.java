package io.attest.gateway.domain.inbound;

import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ReceiveInboundMessageCommand(@TargetAggregateIdentifier InboundMessageId inboundMessageId, PhoneNumber from,
                                           PhoneNumber to, String text, AccountId accountId, CampaignId campaignId,
                                           io.attest.gateway.domain.cost.MessageCost charge) {

    public ReceiveInboundMessageCommand(InboundMessageId inboundMessageId, PhoneNumber from, PhoneNumber to, String text,
                                        AccountId accountId, CampaignId campaignId) {
        this(inboundMessageId, from, to, text, accountId, campaignId, null);
    }
}
