package io.attest.gateway.domain.campaign;

/** Carriers approved the campaign: its numbers may send. */
public record CampaignActivated(CampaignId campaignId) implements CampaignEvent {
}
