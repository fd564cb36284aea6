package io.attest.gateway.domain.number;

import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.shared.PhoneNumber;

public record NumberReleased(PhoneNumber number, CampaignId campaignId) implements NumberEvent {
}
