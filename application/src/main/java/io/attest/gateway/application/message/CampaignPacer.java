package io.attest.gateway.application.message;

import io.attest.gateway.domain.campaign.CampaignId;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Paces each campaign's submits to its AT&amp;T cap (segments per minute by use case and trust score, compliance rules
 * §5), so the gateway sends at the cap instead of bouncing off it. A campaign's segments are spread evenly at
 * cap / 60 per second, with up to one second's worth sent at once after a quiet spell (a generic cell rate
 * algorithm: each reservation moves the campaign's next free time on by its segments' share of a minute).
 *
 * <p>Which handset carrier a number is on is not known without a number-portability lookup, so every campaign is
 * paced to its AT&amp;T cap whatever the destination, the strictest reading. With a {@link CampaignPacePort} the
 * next free time is kept in the database, so all nodes together keep to the cap; without one it is kept in this
 * process, and nodes sharing a campaign would each pace to the whole cap.
 */
public class CampaignPacer {

    private static final long MINUTE = 60_000_000_000L;
    private static final long BURST = 1_000_000_000L;

    private final Function<CampaignId, Optional<Integer>> perMinute;
    private final LongSupplier nanos;
    private final Map<CampaignId, Optional<Integer>> caps = new ConcurrentHashMap<>();
    private final Map<CampaignId, long[]> nextFree = new ConcurrentHashMap<>();
    private final io.attest.gateway.application.message.port.out.CampaignPacePort shared;

    /**
     * @param perMinute the campaign's AT&amp;T cap in segments per minute, empty when it has none (looked up once per
     *                  campaign: caps are fixed when the campaign is registered)
     */
    public CampaignPacer(Function<CampaignId, Optional<Integer>> perMinute, LongSupplier nanos) {
        this(perMinute, nanos, null);
    }

    /**
     * Each campaign paced to the AT&T cap it was registered with (messages per minute), the next free times shared by
     * every node.
     */
    public static CampaignPacer ofRegisteredCaps(io.attest.gateway.application.compliance.ComplianceRegistryService registry,
                                                 LongSupplier nanos,
                                                 io.attest.gateway.application.message.port.out.CampaignPacePort shared) {
        return new CampaignPacer(campaign -> registry.findCampaign(campaign)
                .map(view -> view.registration().caps().attMessagesPerMinute()), nanos, shared);
    }

    /** @param shared the campaigns' next free times every node shares; null to keep them in this process */
    public CampaignPacer(Function<CampaignId, Optional<Integer>> perMinute, LongSupplier nanos,
                         io.attest.gateway.application.message.port.out.CampaignPacePort shared) {
        this.perMinute = perMinute;
        this.nanos = nanos;
        this.shared = shared;
    }

    /**
     * Reserves the campaign's next place for a message of {@code segments} segments.
     *
     * @return nanoseconds to wait before submitting it; 0 when it may go now or the campaign has no cap
     */
    public long reserve(CampaignId campaign, int segments) {
        if (campaign == null) {
            return 0;
        }
        Optional<Integer> cap = caps.computeIfAbsent(campaign, perMinute);
        if (cap.isEmpty() || cap.get() <= 0) {
            return 0;
        }
        long interval = MINUTE / cap.get();
        if (shared != null) {
            return shared.reserve(campaign, interval, Math.max(1, segments), BURST);
        }
        long[] next = nextFree.computeIfAbsent(campaign, c -> new long[] {Long.MIN_VALUE});
        synchronized (next) {
            long now = nanos.getAsLong();
            long due = next[0] == Long.MIN_VALUE ? now : Math.max(next[0], now);
            next[0] = due + interval * Math.max(1, segments);
            return Math.max(0, due - BURST - now);
        }
    }
}
