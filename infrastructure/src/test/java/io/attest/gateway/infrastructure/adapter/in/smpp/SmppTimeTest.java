package io.attest.gateway.infrastructure.adapter.in.smpp;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmppTimeTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    @Test
    void aRelativeTimeIsAPeriodFromNow() {
        assertThat(SmppTime.fromNow("000000001000000R", NOW)).isEqualTo(Duration.ofMinutes(10));
        assertThat(SmppTime.fromNow("000001020304000R", NOW)).isEqualTo(Duration.ofDays(1).plusHours(2).plusMinutes(3).plusSeconds(4));
    }

    @Test
    void anAbsoluteTimeCarriesItsOffsetInQuarterHours() {
        assertThat(SmppTime.fromNow("261207110000000+", NOW)).isEqualTo(Duration.ofHours(1));
        assertThat(SmppTime.fromNow("261207120000004+", NOW)).as("UTC+1").isEqualTo(Duration.ofHours(1));
        assertThat(SmppTime.fromNow("261207060000016-", NOW)).as("UTC-4").isEqualTo(Duration.ZERO);
        assertThat(SmppTime.fromNow("261207100030500+", NOW)).isEqualTo(Duration.ofMillis(30_500));
    }

    @Test
    void anEmptyFieldMeansTheDefaultAndGarbageIsRefused() {
        assertThat(SmppTime.fromNow("", NOW)).isNull();
        assertThat(SmppTime.fromNow(null, NOW)).isNull();
        for (String bad : new String[] {"1", "26120711000000+", "261307110000000+", "261207110000049+", "2612071100000x0+",
                "261207110000000X"}) {
            assertThatThrownBy(() -> SmppTime.fromNow(bad, NOW)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
