package io.attest.gateway.application.message;

import io.attest.gateway.application.message.port.out.BrandDailyUsagePort;
import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.campaign.CampaignId;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * T-Mobile's daily cap on a brand's segments (compliance rules §5: 2,000 to 200,000 a day by vetting, reset at
 * midnight Pacific). Each message's segments are counted against its brand's day before it is submitted; a message
 * that would go over waits, held until the cap resets, instead of being refused by the carrier. Counted for every
 * destination, as the handset carrier is not known without a number-portability lookup. A message counted and then
 * refused, or sent again after a lost answer, stays counted: the count errs towards the cap, never past it.
 */
public class BrandDailyCap {

    /** The carrier day resets at midnight in this zone. */
    public static final ZoneId CARRIER_DAY = ZoneId.of("America/Los_Angeles");

    /** A campaign's brand and that brand's cap in segments per day. */
    public record BrandCap(BrandId brand, long segmentsPerDay) {
    }

    /** A message that must wait: when the brand's day ends, and what was counted. */
    public record Deferral(Instant until, String reason, String inputs) {
    }

    /**
     * What counting a message decided: it waits ({@code deferral}), or it may go, its segments counted against
     * {@code brand}'s {@code day} (null brand: nothing was counted).
     */
    public record Admission(Deferral deferral, BrandId brand, LocalDate day, int segments) {

        static final Admission UNCOUNTED = new Admission(null, null, null, 0);

        public Optional<Deferral> mustWait() {
            return Optional.ofNullable(deferral);
        }
    }

    private final Function<CampaignId, Optional<BrandCap>> capOf;
    private final BrandDailyUsagePort usage;
    private final Clock clock;
    private final Map<CampaignId, Optional<BrandCap>> caps = new ConcurrentHashMap<>();

    /** @param capOf the campaign's brand and its daily cap (looked up once per campaign); empty for no cap */
    public BrandDailyCap(Function<CampaignId, Optional<BrandCap>> capOf, BrandDailyUsagePort usage, Clock clock) {
        this.capOf = capOf;
        this.usage = usage;
        this.clock = clock;
    }

    /**
     * Counts the message against its brand's day. A reply the rules oblige the gateway to send (an opt-out
     * confirmation, a HELP reply) is counted but never held: it goes even over the cap.
     *
     * @return what was counted, so it can be given back if the message does not go after all, or when and why the
     *         message must wait
     */
    public Admission count(CampaignId campaign, int segments, boolean obligatoryReply) {
        if (campaign == null) {
            return Admission.UNCOUNTED;
        }
        Optional<BrandCap> cap = caps.computeIfAbsent(campaign, capOf);
        if (cap.isEmpty()) {
            return Admission.UNCOUNTED;
        }
        Instant now = clock.instant();
        LocalDate day = LocalDate.ofInstant(now, CARRIER_DAY);
        long count = usage.tryConsume(cap.get().brand(), day, segments,
                obligatoryReply ? Long.MAX_VALUE : cap.get().segmentsPerDay());
        if (count >= 0) {
            return new Admission(null, cap.get().brand(), day, segments);
        }
        Instant reset = day.plusDays(1).atStartOfDay(CARRIER_DAY).toInstant();
        return new Admission(new Deferral(reset, "brand " + cap.get().brand().value() + " has used its "
                + cap.get().segmentsPerDay() + " segments for " + day + " (Pacific); this message's " + segments
                + " would go over", "brand=" + cap.get().brand().value() + " day=" + day + " cap="
                + cap.get().segmentsPerDay() + " segments=" + segments + " now=" + now), null, null, 0);
    }

    /**
     * Takes back what was counted for a message the carrier did not take, or that turned out not to go (expired,
     * decided meanwhile): a retry counts it again, so without this every retry would eat into the brand's day.
     */
    public void giveBack(Admission admission) {
        if (admission.brand() != null && admission.segments() > 0) {
            usage.giveBack(admission.brand(), admission.day(), admission.segments());
        }
    }
}
