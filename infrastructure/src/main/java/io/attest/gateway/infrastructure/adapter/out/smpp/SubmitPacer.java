package io.attest.gateway.infrastructure.adapter.out.smpp;

import java.util.function.LongSupplier;

/**
 * Paces submit_sm on one bind: a token bucket refilled at the bind's rate (one token of burst, so submits are
 * spread evenly rather than bunched at the start of each second). When the SMSC answers "throttled" or "queue
 * full" the rate is halved (from the configured cap, or from what was being sent when there is none) and a short
 * pause follows; every full second without such an answer raises the rate by a quarter again, up to the cap. So the
 * gateway settles just under what the carrier takes instead of bouncing off it.
 */
final class SubmitPacer {

    private static final long SECOND = 1_000_000_000L;
    static final long PAUSE_AFTER_THROTTLE = SECOND / 5;
    /** Unpaced, a throttle halves what was sent in the last second, but starts no lower than half of this. */
    static final int MIN_OBSERVED = 10;

    private final double maxPerSecond;
    private final LongSupplier nanos;
    private long throttles;
    private double rate;
    private double tokens = 1;
    private long lastRefill;
    private long lastThrottle = Long.MIN_VALUE;
    private long lastRecovery;
    private long pausedUntil;
    private long windowStart;
    private int sentInWindow;
    private int sentInLastWindow;

    /** @param maxPerSecond the bind's cap; 0 or less for none (the carrier's answers alone pace it) */
    SubmitPacer(double maxPerSecond, LongSupplier nanos) {
        this.maxPerSecond = maxPerSecond > 0 ? maxPerSecond : Double.POSITIVE_INFINITY;
        this.nanos = nanos;
        this.rate = this.maxPerSecond;
        long now = nanos.getAsLong();
        this.lastRefill = now;
        this.lastRecovery = now;
        this.windowStart = now;
        this.pausedUntil = now;
    }

    /** Takes the right to send one submit now; returns how long to wait first, in nanoseconds (0: send now). */
    synchronized long reserve() {
        long now = nanos.getAsLong();
        recover(now);
        count(now);
        long start = Math.max(now, pausedUntil);
        if (Double.isInfinite(rate)) {
            return start - now;
        }
        if (start > lastRefill) {
            tokens = Math.min(1, tokens + (start - lastRefill) * rate / SECOND);
            lastRefill = start;
        }
        tokens -= 1;
        long at = tokens < 0 ? start + (long) Math.ceil(-tokens * SECOND / rate) : start;
        return at - now;
    }

    /** The SMSC said "too fast": halve the rate and pause briefly. */
    synchronized void throttled() {
        throttles++;
        long now = nanos.getAsLong();
        double current = Double.isInfinite(rate) ? Math.max(MIN_OBSERVED, Math.max(sentInWindow, sentInLastWindow)) : rate;
        rate = Math.max(1, current / 2);
        pausedUntil = Math.max(pausedUntil, now + PAUSE_AFTER_THROTTLE);
        // the refused submit was not taken: no debt for it; one send at the end of the pause, then the new pace
        tokens = 1;
        lastRefill = pausedUntil;
        lastThrottle = now;
        lastRecovery = now;
    }

    /** How many times the SMSC has answered "too fast" since the bind's pacer was made. */
    synchronized long throttles() {
        return throttles;
    }

    /** The rate the bind is paced at now, per second (infinite: not paced). */
    synchronized double currentRate() {
        recover(nanos.getAsLong());
        return rate;
    }

    private void recover(long now) {
        if (rate >= maxPerSecond) {
            return;
        }
        while (now - lastRecovery >= SECOND && now - lastThrottle >= SECOND) {
            lastRecovery += SECOND;
            rate = rate * 1.25;
            if (rate >= maxPerSecond || (Double.isInfinite(maxPerSecond) && rate > 100_000)) {
                rate = maxPerSecond;
                return;
            }
        }
    }

    private void count(long now) {
        if (now - windowStart >= SECOND) {
            sentInLastWindow = now - windowStart < 2 * SECOND ? sentInWindow : 0;
            sentInWindow = 0;
            windowStart = now;
        }
        sentInWindow++;
    }
}
