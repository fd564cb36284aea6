package io.attest.gateway.domain.campaign;

public sealed interface CampaignEvent
        permits CampaignRegistered, CampaignActivated, CampaignRejected, CampaignSuspended, CampaignExpired {

    CampaignId campaignId();
}
