package io.attest.gateway.application.compliance.port.out;

import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.shared.PhoneNumber;

import java.time.Instant;

/** How many marketing messages of a campaign went (or are held to go) to a recipient since a moment. */
public interface MarketingSendCountPort {

    /** @param excluding a message not to count (the held one being decided again), or null */
    int countSince(CampaignId campaign, PhoneNumber recipient, Instant since, MessageId excluding);
}
