package io.attest.gateway.domain.campaign;

public record CampaignSuspended(CampaignId campaignId, String reason) implements CampaignEvent {
}
