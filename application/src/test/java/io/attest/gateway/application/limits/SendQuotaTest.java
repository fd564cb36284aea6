package io.attest.gateway.application.limits;

import io.attest.gateway.application.limits.port.out.AccountSendCountPort;
import io.attest.gateway.domain.shared.AccountId;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sends counted in slices: one node refuses exactly at the limit, several nodes together never pass it, and the shared
 * counts are asked far less often than once a send. The shared counts are an in-memory store with the database
 * adapter's rule (a slice is counted whole or not at all); the adapter itself is tested on PostgreSQL in
 * {@code SendLimitsTest}.
 */
class SendQuotaTest {

    private static final AccountId ACME = AccountId.of("acme");

    private final SharedCounts shared = new SharedCounts();
    private Instant now = Instant.parse("2026-12-07T10:15:30.000Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    private SendQuota quota(long perSecond, long perDay) {
        return new SendQuota(new SendLimits(new SendLimits.Limits(perSecond, perDay, 0, Duration.ofHours(1)), Map.of()),
                shared, clock);
    }

    @Test
    void oneNodeRefusesExactlyAtTheLimitOfASecondAndAsksTheSharedCountsFarLessThanOnceASend() {
        SendQuota quota = quota(1000, 0);
        for (int i = 0; i < 1000; i++) {
            quota.take(ACME);
        }
        assertThatThrownBy(() -> quota.take(ACME)).isInstanceOfSatisfying(SendLimitReachedException.class,
                refused -> assertThat(refused.limit()).isEqualTo("sends-per-second"));
        assertThat(shared.count("s", now)).isEqualTo(1000);
        assertThat(shared.requests).isLessThan(40); // slices of 1, 2, 4 … up to 100, then the last places
    }

    @Test
    void aSmallLimitIsCountedOneSendAtATime() {
        SendQuota quota = quota(2, 0);
        quota.take(ACME);
        quota.take(ACME);
        assertThatThrownBy(() -> quota.take(ACME)).isInstanceOf(SendLimitReachedException.class);
        assertThat(shared.count("s", now)).isEqualTo(2);

        now = now.plusSeconds(1); // a new second, a new allowance
        quota.take(ACME);
        assertThat(shared.count("s", now)).isEqualTo(1);
    }

    @Test
    void twoNodesTogetherNeverPassTheLimitOfADay() {
        SendQuota nodeA = quota(0, 5000);
        SendQuota nodeB = quota(0, 5000);
        int made = 0;
        int refusedA = 0;
        int refusedB = 0;
        for (int i = 0; i < 6000; i++) {
            now = now.plusMillis(7);
            try {
                (i % 3 == 0 ? nodeB : nodeA).take(ACME);
                made++;
            } catch (SendLimitReachedException refused) {
                assertThat(refused.limit()).isEqualTo("sends-per-day");
                if (i % 3 == 0) {
                    refusedB++;
                } else {
                    refusedA++;
                }
            }
        }
        // slices left unused on one node were made by its later sends: together exactly the limit, never more
        assertThat(made).isEqualTo(5000);
        assertThat(shared.count("d", now)).isEqualTo(5000);
        assertThat(refusedA + refusedB).isEqualTo(1000);
        assertThat(shared.requests).isLessThan(2500);
    }

    @Test
    void whatANodeCountedForTheDayAndDidNotMakeGoesBackWhenItStops() {
        SendQuota quota = quota(0, 5000);
        for (int i = 0; i < 4; i++) {
            quota.take(ACME); // slices of 1, 2 and 4: 7 counted, 4 made
        }
        assertThat(shared.count("d", now)).isEqualTo(7);
        assertThat(quota.giveBackUnused()).isEqualTo(3);
        assertThat(shared.count("d", now)).isEqualTo(4);
        assertThat(quota.giveBackUnused()).isZero();
    }

    @Test
    void aRefusedSendCountsNowhereAndTheDayLimitIsNamedFirst() {
        SendQuota quota = quota(3, 2);
        quota.take(ACME);
        quota.take(ACME);
        assertThatThrownBy(() -> quota.take(ACME)).isInstanceOfSatisfying(SendLimitReachedException.class,
                refused -> {
                    assertThat(refused.limit()).isEqualTo("sends-per-day");
                    assertThat(refused.retryAfter()).isGreaterThan(Duration.ofHours(13)); // until midnight UTC
                });
        assertThat(shared.count("s", now)).isEqualTo(2);
        assertThat(shared.count("d", now)).isEqualTo(2);
    }

    @Test
    void anAccountWithoutLimitsIsNotCounted() {
        quota(0, 0).take(ACME);
        assertThat(shared.requests).isZero();
    }

    /** The shared counts, as the database keeps them: per account, period and its start. */
    private static final class SharedCounts implements AccountSendCountPort {
        private final Map<String, Long> rows = new HashMap<>();
        int requests;

        long count(String period, Instant at) {
            return rows.getOrDefault(key(period, at), 0L);
        }

        private static String key(String period, Instant at) {
            long start = period.equals("s") ? at.getEpochSecond() : Math.floorDiv(at.getEpochSecond(), 86_400);
            return period + start;
        }

        @Override
        public Outcome count(AccountId account, Instant now, long secondSends, long perSecond, long daySends,
                             long perDay) {
            requests++;
            long second = count("s", now) + secondSends;
            long day = count("d", now) + daySends;
            if (daySends > 0 && perDay > 0 && day > perDay) {
                return Outcome.DAY_FULL;
            }
            if (secondSends > 0 && perSecond > 0 && second > perSecond) {
                return Outcome.SECOND_FULL;
            }
            rows.put(key("s", now), second);
            rows.put(key("d", now), day);
            return Outcome.COUNTED;
        }

        @Override
        public void giveBack(AccountId account, Instant day, long sends) {
            rows.merge(key("d", day), -sends, Long::sum);
        }

        @Override
        public int forgetPast(Instant now) {
            return 0;
        }
    }
}
