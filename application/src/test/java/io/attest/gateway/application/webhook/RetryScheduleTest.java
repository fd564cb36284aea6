package io.attest.gateway.application.webhook;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryScheduleTest {

    @Test
    void theDefaultKeepsTryingForMoreThanADay() {
        assertThat(RetrySchedule.DEFAULT.span()).isGreaterThan(Duration.ofHours(24));
        assertThat(RetrySchedule.DEFAULT.delays()).hasSize(7);
    }

    @Test
    void eachFailureWaitsItsDelayWithAtMostTenPercentJitterAndTheLastOneEndsIt() {
        RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofSeconds(10), Duration.ofMinutes(5)));

        for (int i = 0; i < 50; i++) {
            assertThat(schedule.delayAfter(1)).isBetween(Duration.ofSeconds(10), Duration.ofSeconds(11));
            assertThat(schedule.delayAfter(2)).isBetween(Duration.ofMinutes(5), Duration.ofSeconds(330));
        }
        assertThat(schedule.delayAfter(3)).isNull();
        assertThat(schedule.delayAfter(0)).isNull();
    }

    @Test
    void negativeDelaysAreRefused() {
        assertThatThrownBy(() -> new RetrySchedule(List.of(Duration.ofSeconds(-1))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
