package io.attest.gateway.application.webhook;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When a failed delivery is tried again: after the n-th failure in a row, wait the n-th delay (plus up to 10 %
 * jitter, so a recovering receiver is not hit by every retry at once). After the last delay's attempt fails the
 * delivery is dead. The default waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h: eight attempts over 27 h 35 min.
 */
public record RetrySchedule(List<Duration> delays) {

    public static final RetrySchedule DEFAULT = new RetrySchedule(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10)));

    public RetrySchedule {
        delays = List.copyOf(delays);
        if (delays.stream().anyMatch(d -> d.isNegative())) {
            throw new IllegalArgumentException("retry delays must not be negative");
        }
    }

    /** The wait before the next attempt after this many failures in a row, or null when there is none. */
    public Duration delayAfter(int failuresInARow) {
        if (failuresInARow < 1 || failuresInARow > delays.size()) {
            return null;
        }
        Duration delay = delays.get(failuresInARow - 1);
        long jitter = delay.toMillis() / 10;
        return jitter > 0 ? delay.plusMillis(ThreadLocalRandom.current().nextLong(jitter + 1)) : delay;
    }

    /** How long the gateway keeps trying an event, first attempt to last. */
    public Duration span() {
        return delays.stream().reduce(Duration.ZERO, Duration::plus);
    }
}
