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
 *
 * <p>The shared count (every node's) is taken in blocks: a node reserves a hundredth of the cap at once (at least
 * one segment, at most {@value #MAX_BLOCK}) and counts its messages against that block in memory, so the shared row
 * is written once per block rather than once per message, and nodes do not queue on it. Near the cap a node reserves
 * only what the message needs, so the last places are not stranded in another node's block. What a node reserved
 * and did not use goes back to the shared count when it stops ({@link #release()}); a node that crashes strands at
 * most one block, which errs towards the cap.
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
     * {@code brand}'s {@code day} (null brand: nothing was counted), taken from this node's reserve or straight from
     * the shared count ({@code fromReserve} false: an obligatory reply over the cap, or after the node stopped).
     */
    public record Admission(Deferral deferral, BrandId brand, LocalDate day, int segments, boolean fromReserve) {

        static final Admission UNCOUNTED = new Admission(null, null, null, 0, false);

        public Optional<Deferral> mustWait() {
            return Optional.ofNullable(deferral);
        }
    }

    private final Function<CampaignId, Optional<BrandCap>> capOf;
    private final BrandDailyUsagePort usage;
    private final Clock clock;
    private final Map<CampaignId, Optional<BrandCap>> caps = new ConcurrentHashMap<>();
    /** Segments this node reserved from the shared count and has not used yet, per brand and carrier day. */
    private final Map<BrandDay, Reserve> reserves = new ConcurrentHashMap<>();

    /** The most a node reserves at once. */
    public static final int MAX_BLOCK = 100;

    private record BrandDay(BrandId brand, LocalDate day) {
    }

    /** Guarded by itself. */
    private static final class Reserve {
        long segments;
    }

    /** Set when the node stops: from then on every count and give-back goes straight to the shared count. */
    private volatile boolean released;

    /** @param capOf the campaign's brand and its daily cap (looked up once per campaign); empty for no cap */
    /** How many segments a day a brand may send: as the carrier assigned it, or by its trust score (null: not vetted). */
    @FunctionalInterface
    public interface SegmentsPerDay {
        long of(BrandId brand, Integer trustScore);
    }

    /** Each message's brand, found through its campaign in the registry, with the cap the brand has. */
    public static BrandDailyCap ofRegisteredBrands(io.attest.gateway.application.compliance.ComplianceRegistryService registry,
                                                   SegmentsPerDay segmentsPerDay, BrandDailyUsagePort usage, Clock clock) {
        return new BrandDailyCap(campaign -> registry.findCampaign(campaign)
                .map(view -> view.registration().brandId())
                .map(brand -> new BrandCap(brand, segmentsPerDay.of(brand, registry.findBrand(brand)
                        .map(io.attest.gateway.application.compliance.BrandView::trustScore).orElse(null)))),
                usage, clock);
    }

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
        Taken taken = take(cap.get(), day, segments, obligatoryReply);
        if (taken != Taken.NOTHING) {
            return new Admission(null, cap.get().brand(), day, segments, taken == Taken.FROM_RESERVE);
        }
        Instant reset = day.plusDays(1).atStartOfDay(CARRIER_DAY).toInstant();
        return new Admission(new Deferral(reset, "brand " + cap.get().brand().value() + " has used its "
                + cap.get().segmentsPerDay() + " segments for " + day + " (Pacific); this message's " + segments
                + " would go over", "brand=" + cap.get().brand().value() + " day=" + day + " cap="
                + cap.get().segmentsPerDay() + " segments=" + segments + " now=" + now), null, null, 0, false);
    }

    /**
     * Takes back what was counted for a message the carrier did not take, or that turned out not to go (expired,
     * decided meanwhile): a retry counts it again, so without this every retry would eat into the brand's day.
     */
    public void giveBack(Admission admission) {
        if (admission.brand() == null || admission.segments() <= 0) {
            return;
        }
        Reserve reserve = admission.fromReserve() && !released
                ? reserves.get(new BrandDay(admission.brand(), admission.day())) : null;
        if (reserve != null) {
            synchronized (reserve) {
                if (!released) { // release() may have emptied it meanwhile: then the shared count takes it
                    reserve.segments += admission.segments();
                    return;
                }
            }
        }
        usage.giveBack(admission.brand(), admission.day(), admission.segments());
    }

    /**
     * Gives what this node reserved and did not use back to the shared count: when the node stops. Counts after it go
     * straight to the shared count.
     */
    public void release() {
        released = true;
        for (Map.Entry<BrandDay, Reserve> entry : reserves.entrySet()) {
            Reserve reserve = entry.getValue();
            synchronized (reserve) {
                if (reserve.segments > 0) {
                    usage.giveBack(entry.getKey().brand(), entry.getKey().day(), (int) reserve.segments);
                    reserve.segments = 0;
                }
            }
        }
    }

    private enum Taken { NOTHING, FROM_RESERVE, FROM_SHARED_COUNT }

    /** Takes the segments from this node's reserve, reserving a block (or, near the cap, just these) when it is short. */
    private Taken take(BrandCap cap, LocalDate day, int segments, boolean obligatoryReply) {
        long limit = obligatoryReply ? Long.MAX_VALUE : cap.segmentsPerDay();
        if (released) {
            return usage.tryConsume(cap.brand(), day, segments, limit) >= 0 ? Taken.FROM_SHARED_COUNT : Taken.NOTHING;
        }
        BrandDay key = new BrandDay(cap.brand(), day);
        Reserve reserve = reserves.get(key);
        if (reserve == null) {
            reserves.keySet().removeIf(old -> old.day().isBefore(day)); // an ended day's reserve is worth nothing
            reserve = reserves.computeIfAbsent(key, k -> new Reserve());
        }
        synchronized (reserve) {
            if (released) { // the node stopped while this count waited: nothing more is reserved
                return usage.tryConsume(cap.brand(), day, segments, limit) >= 0 ? Taken.FROM_SHARED_COUNT : Taken.NOTHING;
            }
            if (reserve.segments >= segments) {
                reserve.segments -= segments;
                return Taken.FROM_RESERVE;
            }
            if (obligatoryReply) { // goes over the cap if it must; nothing is reserved past the cap for it
                return usage.tryConsume(cap.brand(), day, segments, limit) >= 0 ? Taken.FROM_SHARED_COUNT : Taken.NOTHING;
            }
            long block = Math.max(1, Math.min(MAX_BLOCK, cap.segmentsPerDay() / 100));
            long needed = segments - reserve.segments;
            if (block > needed && usage.tryConsume(cap.brand(), day, (int) block, limit) >= 0) {
                reserve.segments += block - segments;
                return Taken.FROM_RESERVE;
            }
            if (usage.tryConsume(cap.brand(), day, (int) needed, limit) >= 0) {
                reserve.segments = 0;
                return Taken.FROM_RESERVE;
            }
            return Taken.NOTHING;
        }
    }
}
