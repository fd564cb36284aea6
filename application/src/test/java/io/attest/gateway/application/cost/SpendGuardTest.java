package io.attest.gateway.application.cost;

import io.attest.gateway.application.cost.port.out.AccountSpendPort;
import io.attest.gateway.application.cost.port.out.SpendLimitStorePort;
import io.attest.gateway.domain.cost.Money;
import io.attest.gateway.domain.cost.SpendThresholdReached;
import io.attest.gateway.domain.shared.AccountId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SpendGuardTest {

    static final AccountId ACME = AccountId.of("acme");
    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    /** The database's counting, one addition at a time, as its row locks make it. */
    static class Counts implements AccountSpendPort {
        final Map<String, Money> spent = new HashMap<>();
        boolean recordedInTransaction;

        @Override
        public synchronized Added add(AccountId account, Money amount, LocalDate day, Money dailyLimit,
                                      Money monthlyLimit, Predicate<Added> inTransaction) {
            Money dayTotal = get(account, "d" + day).plus(amount);
            Money monthTotal = get(account, "m" + day.withDayOfMonth(1)).plus(amount);
            if (dailyLimit != null && dayTotal.compareTo(dailyLimit) > 0) {
                return new Added(false, "daily", dayTotal.minus(amount), monthTotal.minus(amount));
            }
            if (monthlyLimit != null && monthTotal.compareTo(monthlyLimit) > 0) {
                return new Added(false, "monthly", dayTotal.minus(amount), monthTotal.minus(amount));
            }
            spent.put(account + "d" + day, dayTotal);
            spent.put(account + "m" + day.withDayOfMonth(1), monthTotal);
            Added added = new Added(true, null, dayTotal, monthTotal);
            recordedInTransaction |= inTransaction.test(added);
            return added;
        }

        @Override
        public synchronized void subtract(AccountId account, Money amount, LocalDate day) {
            spent.put(account + "d" + day, get(account, "d" + day).minus(amount));
            spent.put(account + "m" + day.withDayOfMonth(1), get(account, "m" + day.withDayOfMonth(1)).minus(amount));
        }

        @Override
        public synchronized Added spent(AccountId account, LocalDate day, java.util.Currency currency) {
            return new Added(true, null, get(account, "d" + day), get(account, "m" + day.withDayOfMonth(1)));
        }

        private Money get(AccountId account, String key) {
            return spent.getOrDefault(account + key, Money.zero(CostFixtures.USD));
        }
    }

    static final class Limits implements SpendLimitStorePort {
        final Map<AccountId, SpendLimit> limits = new HashMap<>();

        @Override
        public SpendLimit limitOf(AccountId account) {
            return limits.get(account);
        }

        @Override
        public void put(AccountId account, SpendLimit limit, String setBy) {
            limits.put(account, limit);
        }

        @Override
        public boolean remove(AccountId account) {
            return limits.remove(account) != null;
        }
    }

    final Counts counts = new Counts();
    final Limits limits = new Limits();
    final List<Object> published = new ArrayList<>();
    final CostFixtures.MovingClock clock = new CostFixtures.MovingClock(NOW);
    final SpendGuard guard = new SpendGuard(limits, counts, published::add, clock, CostFixtures.USD, Duration.ofSeconds(30));

    static Money usd(String amount) {
        return Money.of(amount, "USD");
    }

    @Test
    void aSendThatWouldPassTheDailyLimitIsRefusedAndCountsNothing() {
        guard.set(ACME, new SpendLimit(usd("0.0200"), null, List.of(80, 100)), "operator");
        guard.reserve(ACME, usd("0.0075"), false, NOW);
        guard.reserve(ACME, usd("0.0075"), false, NOW);

        assertThatThrownBy(() -> guard.reserve(ACME, usd("0.0075"), false, NOW))
                .isInstanceOfSatisfying(SpendLimitReachedException.class, refused -> {
                    assertThat(refused.period()).isEqualTo("daily");
                    assertThat(refused.limit()).isEqualTo(usd("0.0200"));
                    assertThat(refused.spent()).isEqualTo(usd("0.0150"));
                    assertThat(refused.remaining()).isEqualTo(usd("0.0050"));
                });
        assertThat(guard.spendOf(ACME).spentToday()).isEqualTo(usd("0.0150"));
        assertThat(guard.spendOf(ACME).dailyRemaining()).isEqualTo(usd("0.0050"));
        guard.reserve(ACME, usd("0.0050"), false, NOW); // exactly to the limit
        assertThat(guard.spendOf(ACME).dailyRemaining()).isEqualTo(usd("0"));
    }

    @Test
    void theMonthlyLimitCountsEveryDayOfTheMonth() {
        guard.set(ACME, new SpendLimit(null, usd("0.0200"), null), "operator");
        guard.reserve(ACME, usd("0.0150"), false, NOW);
        Instant nextDay = NOW.plus(Duration.ofDays(1));

        assertThatThrownBy(() -> guard.reserve(ACME, usd("0.0075"), false, nextDay))
                .isInstanceOfSatisfying(SpendLimitReachedException.class,
                        refused -> assertThat(refused.period()).isEqualTo("monthly"));
        guard.reserve(ACME, usd("0.0075"), false, Instant.parse("2027-01-01T00:00:00Z")); // a new month
    }

    @Test
    void repliesTheRulesObligeAlwaysGoAndAreCounted() {
        guard.set(ACME, new SpendLimit(usd("0.0100"), null, null), "operator");
        guard.reserve(ACME, usd("0.0100"), false, NOW);

        guard.reserve(ACME, usd("0.0075"), true, NOW);

        assertThat(guard.spendOf(ACME).spentToday()).isEqualTo(usd("0.0175"));
        assertThatThrownBy(() -> guard.reserve(ACME, usd("0.0001"), false, NOW))
                .isInstanceOf(SpendLimitReachedException.class);
    }

    @Test
    void eachThresholdIsAlertedOnceByTheSendThatPassesIt() {
        guard.set(ACME, new SpendLimit(usd("1.00"), usd("10.00"), List.of(50, 80, 100)), "operator");
        for (int i = 0; i < 10; i++) {
            guard.reserve(ACME, usd("0.10"), false, NOW);
        }

        assertThat(published).map(e -> (SpendThresholdReached) e)
                .extracting(SpendThresholdReached::period, SpendThresholdReached::percent)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("daily", 50), org.assertj.core.groups.Tuple.tuple("daily", 80),
                        org.assertj.core.groups.Tuple.tuple("daily", 100));
        SpendThresholdReached half = (SpendThresholdReached) published.getFirst();
        assertThat(half.spent()).isEqualTo(usd("0.50"));
        assertThat(half.periodStart()).isEqualTo(LocalDate.of(2026, 12, 7));
        assertThat(counts.recordedInTransaction).isTrue();
    }

    @Test
    void withoutAnAlertTheCountAloneIsRecorded() {
        guard.reserve(ACME, usd("0.10"), false, NOW); // no limit: counted, nothing to alert
        assertThat(published).isEmpty();
        assertThat(counts.recordedInTransaction).isFalse();
        assertThat(guard.spendOf(ACME).dailyRemaining()).isNull();
    }

    @Test
    void aSendNotRecordedGivesItsEstimateBack() {
        var reservation = guard.reserve(ACME, usd("0.10"), false, NOW);
        guard.giveBack(reservation);
        assertThat(guard.spendOf(ACME).spentToday()).isEqualTo(usd("0"));
        assertThat(guard.spendOf(ACME).spentThisMonth()).isEqualTo(usd("0"));
    }

    @Test
    void aDryRunSaysWhatTheLimitWouldDoAndCountsNothing() {
        guard.set(ACME, new SpendLimit(usd("0.0100"), null, null), "operator");
        assertThat(guard.wouldRefuse(ACME, usd("0.0100"), NOW)).isNull();
        assertThat(guard.wouldRefuse(ACME, usd("0.0101"), NOW)).isNotNull();
        assertThat(guard.spendOf(ACME).spentToday()).isEqualTo(usd("0"));
    }

    @Test
    void limitsAreInTheGatewaysCurrencyAndTheirThresholdsArePercentages() {
        assertThatThrownBy(() -> guard.set(ACME, new SpendLimit(Money.of("1", "EUR"), null, null), "operator"))
                .hasMessageContaining("prices in USD");
        assertThatThrownBy(() -> new SpendLimit(usd("1"), null, List.of(0))).hasMessageContaining("1 to 100");
        assertThatThrownBy(() -> new SpendLimit(null, null, null)).hasMessageContaining("daily, monthly or both");
        assertThatThrownBy(() -> new SpendLimit(usd("-1"), null, null)).hasMessageContaining("0 or more");
    }

    @Test
    void theSpendOfAnAccountWithoutALimitIsCountedInMemoryAndWrittenInOneAddition() {
        SpendGuard batching = new SpendGuard(limits, counts, published::add, clock, CostFixtures.USD,
                Duration.ofSeconds(30)).batchingUnlimited();
        AccountId globex = AccountId.of("globex");
        for (int i = 0; i < 4; i++) {
            batching.reserve(ACME, usd("0.0075"), false, NOW);
        }
        var notRecorded = batching.reserve(ACME, usd("0.0075"), false, NOW);
        batching.giveBack(notRecorded);
        batching.reserve(globex, usd("0.0100"), true, NOW);
        assertThat(counts.spent).isEmpty(); // nothing written per send

        assertThat(batching.writeUnwritten()).isEqualTo(2); // one addition per account and day
        assertThat(counts.spent(ACME, LocalDate.of(2026, 12, 7), CostFixtures.USD).day()).isEqualTo(usd("0.0300"));
        assertThat(counts.spent(globex, LocalDate.of(2026, 12, 7), CostFixtures.USD).day()).isEqualTo(usd("0.0100"));
        assertThat(batching.writeUnwritten()).isZero();
    }

    @Test
    void thisNodesUnwrittenSpendIsShownAtOnceAndCountedByALimitSetLater() {
        SpendGuard batching = new SpendGuard(limits, counts, published::add, clock, CostFixtures.USD,
                Duration.ofSeconds(30)).batchingUnlimited();
        batching.reserve(ACME, usd("0.0075"), false, NOW);
        batching.reserve(ACME, usd("0.0075"), false, NOW);
        assertThat(batching.spendOf(ACME).spentToday()).isEqualTo(usd("0.0150"));

        batching.reserve(ACME, usd("0.0075"), false, NOW);
        batching.set(ACME, new SpendLimit(usd("0.0250"), null, null), "operator"); // writes the third first
        assertThat(counts.spent(ACME, LocalDate.of(2026, 12, 7), CostFixtures.USD).day()).isEqualTo(usd("0.0225"));
        assertThatThrownBy(() -> batching.reserve(ACME, usd("0.0075"), false, NOW))
                .isInstanceOf(SpendLimitReachedException.class); // 0.0225 + 0.0075 passes 0.0250
    }

    @Test
    void aFailedWriteKeepsItsSumsForTheNext() {
        SpendGuard batching = new SpendGuard(limits, new Counts() {
            boolean down = true;

            @Override
            public synchronized Added add(AccountId account, Money amount, LocalDate day, Money dailyLimit,
                                          Money monthlyLimit, Predicate<Added> inTransaction) {
                if (down) {
                    down = false;
                    throw new IllegalStateException("database unavailable");
                }
                return counts.add(account, amount, day, dailyLimit, monthlyLimit, inTransaction);
            }
        }, published::add, clock, CostFixtures.USD, Duration.ofSeconds(30)).batchingUnlimited();
        batching.reserve(ACME, usd("0.0075"), false, NOW);
        assertThatThrownBy(batching::writeUnwritten).hasMessageContaining("unavailable");
        batching.reserve(ACME, usd("0.0075"), false, NOW);
        assertThat(batching.writeUnwritten()).isEqualTo(1);
        assertThat(counts.spent(ACME, LocalDate.of(2026, 12, 7), CostFixtures.USD).day()).isEqualTo(usd("0.0150"));
    }
}
