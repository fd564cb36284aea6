package io.attest.gateway.infrastructure.adapter.out.smpp;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/** The back-off between bind attempts, with the random part pinned. */
class ReconnectDelayTest {

    private static final Duration BASE = Duration.ofSeconds(2);
    private static final Duration CEILING = Duration.ofMinutes(1);

    /** A random source that always answers the lowest or the highest it may. */
    private static RandomGenerator always(boolean highest) {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public long nextLong(long bound) {
                return highest ? bound - 1 : 0;
            }
        };
    }

    @Test
    void theDelayDoublesPerFailureInARowUpToTheCeiling() {
        long[] seconds = new long[8];
        for (int failures = 0; failures < seconds.length; failures++) {
            seconds[failures] = SmppCarrierAdapter.reconnectDelay(BASE, CEILING, failures, always(false)).toSeconds();
        }
        assertThat(seconds).containsExactly(2, 4, 8, 16, 32, 60, 60, 60);
        assertThat(SmppCarrierAdapter.reconnectDelay(BASE, CEILING, 10_000, always(false))).isEqualTo(CEILING);
    }

    @Test
    void jitterTakesOffAtMostHalf() {
        assertThat(SmppCarrierAdapter.reconnectDelay(BASE, CEILING, 2, always(true))).isEqualTo(Duration.ofSeconds(4));
        assertThat(SmppCarrierAdapter.reconnectDelay(BASE, CEILING, 9, always(true))).isEqualTo(Duration.ofSeconds(30));
        RandomGenerator random = RandomGenerator.of("L64X128MixRandom");
        for (int i = 0; i < 1_000; i++) {
            Duration delay = SmppCarrierAdapter.reconnectDelay(BASE, CEILING, 3, random);
            assertThat(delay).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(16));
        }
    }
}
