package io.attest.gateway.application.message;

import io.attest.gateway.application.message.port.out.BrandDailyUsagePort;
import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.campaign.CampaignId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The brand's daily cap against an in-memory count, on fixed clocks. */
class BrandDailyCapTest {

    private static final BrandId BRAND = BrandId.of("acme-brand");
    private static final CampaignId OTP = CampaignId.of("acme-otp");
    private static final CampaignId PROMOS = CampaignId.of("acme-promos");

    /** Counts as the database does: add only while within the cap. */
    private final Map<String, Long> counts = new HashMap<>();
    private final BrandDailyUsagePort usage = new BrandDailyUsagePort() {
        @Override
        public long tryConsume(BrandId brand, LocalDate day, int segments, long cap) {
            String key = brand.value() + "|" + day;
            long next = counts.getOrDefault(key, 0L) + segments;
            if (next > cap) {
                return -1;
            }
            counts.put(key, next);
            return next;
        }

        @Override
        public void giveBack(BrandId brand, LocalDate day, int segments) {
            counts.computeIfPresent(brand.value() + "|" + day, (key, count) -> Math.max(0, count - segments));
        }
    };

    private int consumeCalls;

    private BrandDailyCap capAt(String instant) {
        return capOf(5, instant);
    }

    private BrandDailyCap capOf(long segmentsPerDay, String instant) {
        BrandDailyUsagePort counting = new BrandDailyUsagePort() {
            @Override
            public long tryConsume(BrandId brand, LocalDate day, int segments, long cap) {
                consumeCalls++;
                return usage.tryConsume(brand, day, segments, cap);
            }

            @Override
            public void giveBack(BrandId brand, LocalDate day, int segments) {
                usage.giveBack(brand, day, segments);
            }
        };
        return new BrandDailyCap(campaign -> Optional.of(new BrandDailyCap.BrandCap(BRAND, segmentsPerDay)), counting,
                Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    @Test
    void aNodeReservesAHundredthOfTheCapAtOnce_andCountsAgainstItWithoutTouchingTheSharedCount() {
        BrandDailyCap cap = capOf(10_000, "2026-11-25T15:00:00Z");

        for (int i = 0; i < 100; i++) {
            assertThat(cap.count(OTP, 1, false).mustWait()).isEmpty();
        }
        assertThat(consumeCalls).isEqualTo(1);
        assertThat(counts).containsEntry("acme-brand|2026-11-25", 100L);

        cap.count(OTP, 2, false); // the block is used up: the next one is reserved
        assertThat(consumeCalls).isEqualTo(2);
        assertThat(counts).containsEntry("acme-brand|2026-11-25", 200L);

        cap.release(); // the node stops: the 98 it did not use go back
        assertThat(counts).containsEntry("acme-brand|2026-11-25", 102L);
    }

    @Test
    void nearTheCapANodeReservesOnlyWhatTheMessageNeeds_soAnotherNodesMessagesStillFitTheLastPlaces() {
        BrandDailyCap cap = capOf(1_000, "2026-11-25T15:00:00Z"); // blocks of 10
        counts.put("acme-brand|2026-11-25", 995L); // other nodes counted these

        assertThat(cap.count(OTP, 3, false).mustWait()).isEmpty();
        assertThat(counts).containsEntry("acme-brand|2026-11-25", 998L);
        BrandDailyCap otherNode = capOf(1_000, "2026-11-25T15:00:00Z");
        assertThat(otherNode.count(OTP, 2, false).mustWait()).isEmpty();
        assertThat(cap.count(OTP, 1, false).mustWait()).isPresent();
        assertThat(counts).containsEntry("acme-brand|2026-11-25", 1_000L);
    }

    @Test
    void whatIsGivenBackIsUsedByTheNextMessageBeforeAnythingMoreIsReserved() {
        BrandDailyCap cap = capOf(10_000, "2026-11-25T15:00:00Z");
        cap.count(OTP, 60, false);
        BrandDailyCap.Admission refused = cap.count(OTP, 40, false); // the block's last 40
        assertThat(consumeCalls).isEqualTo(1);

        cap.giveBack(refused);
        assertThat(cap.count(OTP, 40, false).mustWait()).isEmpty();
        assertThat(consumeCalls).isEqualTo(1);
        assertThat(counts).containsEntry("acme-brand|2026-11-25", 100L);
    }

    @Test
    void theBrandsCampaignsShareOneCount_andTheMessageThatWouldGoOverWaitsForMidnightPacific() {
        BrandDailyCap cap = capAt("2026-11-25T15:00:00Z"); // 07:00 in Los Angeles

        assertThat(cap.count(OTP, 2, false).mustWait()).isEmpty();
        assertThat(cap.count(PROMOS, 3, false).mustWait()).isEmpty();
        Optional<BrandDailyCap.Deferral> deferral = cap.count(OTP, 1, false).mustWait();

        assertThat(deferral).isPresent();
        assertThat(deferral.get().until()).isEqualTo(Instant.parse("2026-11-26T08:00:00Z")); // midnight PST
        assertThat(deferral.get().reason()).contains("5 segments for 2026-11-25");
        assertThat(counts).containsEntry("acme-brand|2026-11-25", 5L);
    }

    @Test
    void theDayIsThePacificDay_soLateEveningUtcStillCountsForTheDayBefore() {
        capAt("2026-11-26T07:59:00Z").count(OTP, 5, false).mustWait(); // 23:59 on the 25th in Los Angeles
        assertThat(capAt("2026-11-26T07:59:30Z").count(OTP, 1, false).mustWait()).isPresent();
        assertThat(capAt("2026-11-26T08:00:00Z").count(OTP, 1, false).mustWait()).isEmpty(); // a new day
        assertThat(counts).containsEntry("acme-brand|2026-11-26", 1L);
    }

    @Test
    void anObligatoryReplyIsCountedButNeverHeld() {
        BrandDailyCap cap = capAt("2026-11-25T15:00:00Z");
        cap.count(OTP, 5, false).mustWait();

        assertThat(cap.count(OTP, 1, true).mustWait()).isEmpty(); // an opt-out confirmation goes even over the cap
        assertThat(counts).containsEntry("acme-brand|2026-11-25", 6L);
        assertThat(cap.count(OTP, 1, false).mustWait()).isPresent();
    }

    @Test
    void whatWasCountedForAMessageThatDidNotGoIsGivenBack_soItsRetryDoesNotCountTwice() {
        BrandDailyCap cap = capAt("2026-11-25T15:00:00Z");
        BrandDailyCap.Admission counted = cap.count(OTP, 3, false);
        assertThat(counts).containsEntry("acme-brand|2026-11-25", 3L);

        cap.giveBack(counted); // the carrier did not take it
        cap.count(OTP, 3, false); // the retry
        assertThat(counts).containsEntry("acme-brand|2026-11-25", 3L);

        cap.giveBack(cap.count(PROMOS, 9, false)); // over the cap: nothing counted, nothing to give back
        assertThat(counts).containsEntry("acme-brand|2026-11-25", 3L);
    }

    @Test
    void inSummerMidnightPacificIsSevenInTheMorningUtc() {
        BrandDailyCap cap = capAt("2026-07-01T12:00:00Z");
        cap.count(OTP, 5, false).mustWait();
        assertThat(cap.count(OTP, 1, false).mustWait().orElseThrow().until()).isEqualTo(Instant.parse("2026-07-02T07:00:00Z"));
    }

    @Test
    void aCampaignWithoutACapOrAMessageWithoutACampaignIsNotCounted() {
        BrandDailyCap cap = new BrandDailyCap(campaign -> Optional.empty(), usage,
                Clock.fixed(Instant.parse("2026-11-25T15:00:00Z"), ZoneOffset.UTC));
        for (int i = 0; i < 10; i++) {
            assertThat(cap.count(OTP, 1, false).mustWait()).isEmpty();
            assertThat(cap.count(null, 1, false).mustWait()).isEmpty();
        }
        assertThat(counts).isEmpty();
        assertThat(LocalDate.ofInstant(Instant.parse("2026-11-25T15:00:00Z"), BrandDailyCap.CARRIER_DAY))
                .isEqualTo(LocalDate.parse("2026-11-25"));
    }

    @Test
    void anObligatoryReplyCountedPastTheCapAndNotSentGoesBackToTheSharedCount_notToAnotherMessagesPlace() {
        BrandDailyCap cap = capAt("2026-11-25T15:00:00Z");
        cap.count(OTP, 5, false);
        BrandDailyCap.Admission confirmation = cap.count(OTP, 1, true); // over the cap, from the shared count
        assertThat(counts).containsEntry("acme-brand|2026-11-25", 6L);

        cap.giveBack(confirmation); // the carrier did not take it

        assertThat(counts).containsEntry("acme-brand|2026-11-25", 5L);
        assertThat(cap.count(OTP, 1, false).mustWait()).isPresent(); // the cap still holds for ordinary messages
    }

    @Test
    void afterTheNodeStopsCountsAndGiveBacksGoStraightToTheSharedCount() {
        BrandDailyCap cap = capOf(10_000, "2026-11-25T15:00:00Z");
        BrandDailyCap.Admission before = cap.count(OTP, 1, false); // reserves a block of 100
        cap.release();
        assertThat(counts).containsEntry("acme-brand|2026-11-25", 1L);

        BrandDailyCap.Admission after = cap.count(OTP, 2, false); // a dispatch still running: no new block
        assertThat(counts).containsEntry("acme-brand|2026-11-25", 3L);
        cap.giveBack(after);
        cap.giveBack(before);
        assertThat(counts).containsEntry("acme-brand|2026-11-25", 0L);
    }
}
