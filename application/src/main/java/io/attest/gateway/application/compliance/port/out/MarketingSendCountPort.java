package io.attest.gateway.application.compliance.port.out;

import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.shared.PhoneNumber;

import java.time.Instant;

/** How many marketing messages of a campaign went (or are held to go) to a recipient since a moment. */
public interface MarketingSendCountPort {

    int countSince(CampaignId campaign, PhoneNumber recipient, Instant since);
}
