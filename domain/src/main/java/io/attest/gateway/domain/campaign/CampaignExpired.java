package io.attest.gateway.domain.campaign;

public record CampaignExpired(CampaignId campaignId) implements CampaignEvent {
}
