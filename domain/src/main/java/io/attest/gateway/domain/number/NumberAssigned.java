package io.attest.gateway.domain.number;

import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;

public record NumberAssigned(PhoneNumber number, AccountId accountId, CampaignId campaignId, NumberType type)
        implements NumberEvent {
}
