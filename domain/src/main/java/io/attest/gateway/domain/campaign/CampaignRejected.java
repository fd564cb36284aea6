package io.attest.gateway.domain.campaign;

public record CampaignRejected(CampaignId campaignId, String reason) implements CampaignEvent {
}
