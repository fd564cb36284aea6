package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.application.message.CampaignPacer;
import io.attest.gateway.application.message.port.out.CampaignPacePort;
import io.attest.gateway.domain.campaign.CampaignId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Two nodes' pacers sharing one campaign's place in PostgreSQL keep to its cap together. */
class SharedCampaignPaceTest extends GatewayTestBase {

    @Autowired
    CampaignPacePort pace;

    @Test
    void twoNodesSendingForOneCampaignShareItsPaceInsteadOfEachTakingTheWholeCap() {
        CampaignId campaign = CampaignId.of("paced-" + System.nanoTime());
        // 6 segments a minute: one every 10 s, with a burst of 1 s (none beyond the first)
        CampaignPacer nodeA = new CampaignPacer(id -> Optional.of(6), System::nanoTime, pace);
        CampaignPacer nodeB = new CampaignPacer(id -> Optional.of(6), System::nanoTime, pace);

        long first = nodeA.reserve(campaign, 1);
        long second = nodeB.reserve(campaign, 1);
        long third = nodeA.reserve(campaign, 1);

        assertThat(first).isZero();
        // the second place is 10 s after the first, whichever node takes it: about 9 s to wait beyond the burst
        assertThat(second).isBetween(8_000_000_000L, 10_000_000_000L);
        assertThat(third).isBetween(18_000_000_000L, 20_000_000_000L);

        // each node on its own would have let its first message of the campaign go at once
        CampaignPacer alone = new CampaignPacer(id -> Optional.of(6), System::nanoTime);
        assertThat(alone.reserve(campaign, 1)).isZero();
    }
}
