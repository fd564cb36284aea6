package io.attest.gateway.application.message.port.out;

import io.attest.gateway.domain.campaign.CampaignId;

/**
 * Each campaign's next free sending time, shared by every gateway node on the database, so nodes sending for one
 * campaign together keep to its carrier cap instead of each pacing to the whole cap.
 */
public interface CampaignPacePort {

    /**
     * Takes the campaign's next place for {@code segments} segments, each {@code intervalNanos} apart (the cap's share
     * of a minute), with up to {@code burstNanos} of them sent at once after a quiet spell.
     *
     * @return nanoseconds to wait before submitting; 0 when the message may go now
     */
    long reserve(CampaignId campaign, long intervalNanos, int segments, long burstNanos);
}
