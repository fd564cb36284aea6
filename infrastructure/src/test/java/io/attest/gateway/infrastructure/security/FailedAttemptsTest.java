package io.attest.gateway.infrastructure.security;

import io.attest.gateway.infrastructure.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@org.junit.jupiter.api.Tag("security")
class FailedAttemptsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-07T10:00:00Z"));

    @Test
    void aKeyIsLockedAtItsLimitUntilItsOldestFailureLeavesTheWindow() {
        FailedAttempts attempts = new FailedAttempts(3, Duration.ofMinutes(5), 100, clock);
        attempts.failed("acme-app");
        clock.advance(Duration.ofMinutes(1));
        attempts.failed("acme-app");
        assertThat(attempts.lockedFor("acme-app")).isEmpty();
        attempts.failed("acme-app");

        assertThat(attempts.lockedFor("acme-app")).contains(Duration.ofMinutes(4));
        assertThat(attempts.lockedFor("globex-app")).isEmpty();
        clock.advance(Duration.ofMinutes(4));
        assertThat(attempts.lockedFor("acme-app")).as("the first failure left the window").isEmpty();
        attempts.failed("acme-app");
        assertThat(attempts.lockedFor("acme-app")).contains(Duration.ofMinutes(1));
    }

    @Test
    void aSuccessClearsTheKey() {
        FailedAttempts attempts = new FailedAttempts(2, Duration.ofMinutes(5), 100, clock);
        attempts.failed("acme-app");
        attempts.succeeded("acme-app");
        attempts.failed("acme-app");
        assertThat(attempts.lockedFor("acme-app")).isEmpty();
    }

    @Test
    void inventedKeysCannotFillTheMemory() {
        FailedAttempts attempts = new FailedAttempts(2, Duration.ofMinutes(5), 100, clock);
        for (int i = 0; i < 10_000; i++) {
            attempts.failed("client-" + i);
        }
        assertThat(attempts.keys()).isLessThanOrEqualTo(100);
        attempts.failed("client-9999");
        assertThat(attempts.lockedFor("client-9999")).isPresent();
    }
}
