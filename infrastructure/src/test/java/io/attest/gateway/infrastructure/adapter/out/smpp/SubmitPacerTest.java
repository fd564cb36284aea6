package io.attest.gateway.infrastructure.adapter.out.smpp;

import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** The submit pacer with a clock the test moves. */
class SubmitPacerTest {

    private static final long MS = 1_000_000L;
    private final AtomicLong now = new AtomicLong(5_000 * MS);

    /** Sends as the adapter does: waits what the pacer says, then sends. Returns the times of the sends. */
    private long[] send(SubmitPacer pacer, int count) {
        long[] at = new long[count];
        for (int i = 0; i < count; i++) {
            now.addAndGet(pacer.reserve());
            at[i] = now.get();
        }
        return at;
    }

    @Test
    void aCapSpreadsSubmitsEvenly() {
        SubmitPacer pacer = new SubmitPacer(10, now::get);

        long[] at = send(pacer, 21);

        assertThat(at[0]).isEqualTo(5_000 * MS); // the first goes at once
        for (int i = 1; i < at.length; i++) {
            assertThat(at[i] - at[i - 1]).isEqualTo(100 * MS);
        }
        assertThat(at[20] - at[0]).isEqualTo(2_000 * MS); // 20 more in 2 s: 10 per second
    }

    @Test
    void withoutACapNothingWaitsUntilTheCarrierSaysSo() {
        SubmitPacer pacer = new SubmitPacer(0, now::get);

        assertThat(send(pacer, 1000)).containsOnly(5_000 * MS);
        assertThat(pacer.currentRate()).isInfinite();
    }

    @Test
    void aThrottleHalvesTheRatePausesAndTheRateRecoversWhileTheCarrierIsQuiet() {
        SubmitPacer pacer = new SubmitPacer(40, now::get);
        send(pacer, 5);

        pacer.throttled();

        assertThat(pacer.currentRate()).isEqualTo(20);
        long before = now.get();
        long[] after = send(pacer, 3);
        assertThat(after[0] - before).isEqualTo(SubmitPacer.PAUSE_AFTER_THROTTLE);
        assertThat(after[1] - after[0]).isEqualTo(50 * MS); // 20 per second, no burst after the pause
        assertThat(after[2] - after[1]).isEqualTo(50 * MS);
        now.addAndGet(1_000 * MS);
        assertThat(pacer.currentRate()).isEqualTo(25);
        now.addAndGet(10_000 * MS);
        assertThat(pacer.currentRate()).isEqualTo(40); // never above the cap
    }

    @Test
    void withoutACapAThrottleStartsPacingAtHalfWhatWasBeingSent() {
        SubmitPacer pacer = new SubmitPacer(0, now::get);
        for (int i = 0; i < 300; i++) {
            send(pacer, 1);
            now.addAndGet(MS); // 300 in 300 ms
        }

        pacer.throttled();

        assertThat(pacer.currentRate()).isEqualTo(150);
        now.addAndGet(60_000 * MS);
        assertThat(pacer.currentRate()).isInfinite(); // a quiet minute later: unpaced again
    }

    @Test
    void aRetriedSubmitAfterAThrottleWaitsItsTurnButCarriesNoDebt() {
        SubmitPacer pacer = new SubmitPacer(0, now::get);
        send(pacer, 1);
        for (int i = 0; i < 3; i++) {
            pacer.throttled();
            long before = now.get();
            send(pacer, 1);
            assertThat(now.get() - before).isLessThanOrEqualTo(1_000 * MS);
        }
    }

    @Test
    void repeatedThrottlesKeepHalvingButNeverBelowOnePerSecond() {
        SubmitPacer pacer = new SubmitPacer(8, now::get);
        for (int i = 0; i < 10; i++) {
            pacer.throttled();
        }
        assertThat(pacer.currentRate()).isEqualTo(1);
    }
}
