package io.attest.gateway.application.message;

import io.attest.gateway.domain.campaign.CampaignId;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The campaign pacer on a controlled clock. */
class CampaignPacerTest {

    private static final long MS = 1_000_000L;
    private final AtomicLong clock = new AtomicLong(1_000_000 * MS);
    private final AtomicInteger lookups = new AtomicInteger();
    private final CampaignId lowVolume = CampaignId.of("low-volume");
    private final CampaignId twoFactor = CampaignId.of("two-factor");
    private final CampaignId uncapped = CampaignId.of("uncapped");
    private final Map<CampaignId, Integer> caps = Map.of(lowVolume, 75, twoFactor, 240);
    private final CampaignPacer pacer = new CampaignPacer(campaign -> {
        lookups.incrementAndGet();
        return Optional.ofNullable(caps.get(campaign));
    }, clock::get);

    @Test
    void aBurstOfOneSecondsWorthGoesAtOnce_thenSegmentsAreSpreadEvenlyAtTheCap() {
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            waits.add(pacer.reserve(twoFactor, 1) / MS); // 240 per minute: one every 250 ms
        }
        assertThat(waits).containsExactly(0L, 0L, 0L, 0L, 0L, 250L, 500L, 750L);
    }

    @Test
    void aLongMessageTakesOnePlacePerSegment() {
        assertThat(pacer.reserve(lowVolume, 3)).isZero(); // 75 per minute: 800 ms a segment
        assertThat(pacer.reserve(lowVolume, 1) / MS).isEqualTo(1_400); // after 3 x 800 ms, less the 1 s burst
    }

    @Test
    void aQuietSpellRestoresTheBurstButNoMore() {
        for (int i = 0; i < 6; i++) {
            pacer.reserve(twoFactor, 1);
        }
        clock.addAndGet(60_000 * MS);
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            waits.add(pacer.reserve(twoFactor, 1) / MS);
        }
        assertThat(waits).containsExactly(0L, 0L, 0L, 0L, 0L, 250L);
    }

    @Test
    void campaignsArePacedApart_andOneWithoutACapOrNoCampaignIsNotPaced() {
        for (int i = 0; i < 10; i++) {
            pacer.reserve(lowVolume, 1);
        }
        assertThat(pacer.reserve(twoFactor, 1)).isZero();
        for (int i = 0; i < 100; i++) {
            assertThat(pacer.reserve(uncapped, 1)).isZero();
            assertThat(pacer.reserve(null, 1)).isZero();
        }
    }

    @Test
    void theCapIsLookedUpOncePerCampaign() {
        for (int i = 0; i < 5; i++) {
            pacer.reserve(twoFactor, 1);
            pacer.reserve(uncapped, 1);
        }
        assertThat(lookups.get()).isEqualTo(2);
    }
}
