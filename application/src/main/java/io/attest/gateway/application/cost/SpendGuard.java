package io.attest.gateway.application.cost;

import io.attest.gateway.application.cost.port.in.SpendLimitsUseCase;
import io.attest.gateway.application.cost.port.out.AccountSpendPort;
import io.attest.gateway.application.cost.port.out.SpendLimitStorePort;
import io.attest.gateway.domain.cost.Money;
import io.attest.gateway.domain.cost.SpendThresholdReached;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Counts what each account commits to spend (the estimate of every send that is not blocked) against its daily and
 * monthly limits, before the send is recorded. A send that would pass a limit is refused and counts nothing; the
 * replies the rules oblige (STOP and HELP answers) always go, and are counted. Passing an alert threshold is recorded
 * as a {@link SpendThresholdReached} event, in the transaction that counted the send that passed it: once per
 * threshold, period and account, however many nodes count.
 *
 * <p><b>Accounts without a limit are counted in batches.</b> Nothing is refused or alerted for them, so a node adds their
 * sends up in memory and writes the sums to the shared counts every {@code gateway.costs.spend-write-interval} (one statement per
 * account and day instead of a transaction per send): their spend shows on another node within that interval, and on
 * this node at once (its own sums are written before it answers {@link #spendOf}). A limit set on this node first
 * writes the account's sums, so the limit counts them; sends on another node reach the shared count within the
 * interval, after the limit cache ({@code gateway.costs.limit-cache}) has let that node learn of the limit. A node that
 * crashes loses at most an interval of such sums: spend shown too low, never a message.
 */
public class SpendGuard implements SpendLimitsUseCase {

    private final SpendLimitStorePort limits;
    private final AccountSpendPort spend;
    private final Consumer<Object> publish;
    private final Clock clock;
    private final Currency currency;
    private final Duration limitTtl;
    private final Map<AccountId, CachedLimit> cached = new ConcurrentHashMap<>();
    private final Map<Unwritten, Money> unwritten = new ConcurrentHashMap<>();
    private boolean batchesUnlimited;

    /** Sends of an account without a limit on one day, counted on this node and not written to the shared count yet. */
    private record Unwritten(AccountId account, LocalDate day) {
    }

    private record CachedLimit(SpendLimit limit, Instant until) {
    }

    /**
     * @param publish  records an event (the alerts)
     * @param currency the gateway's currency: the rate cards' and every limit's
     * @param limitTtl how long a node keeps an account's limit before reading it again (another node's change reaches
     *                 this one within it)
     */
    public SpendGuard(SpendLimitStorePort limits, AccountSpendPort spend, Consumer<Object> publish, Clock clock,
                      Currency currency, Duration limitTtl) {
        this.limits = limits;
        this.spend = spend;
        this.publish = publish;
        this.clock = clock;
        this.currency = currency;
        this.limitTtl = limitTtl;
    }

    /**
     * Counts the sends of accounts without a limit in memory, written to the shared counts by {@link #writeUnwritten()}
     * (which the caller then runs on a schedule).
     */
    public SpendGuard batchingUnlimited() {
        this.batchesUnlimited = true;
        return this;
    }

    /** A counted estimate, to be taken back if its send is not recorded after all. */
    public record Reservation(AccountId account, Money amount, LocalDate day, boolean unwritten) {
    }

    /**
     * Counts a send's estimate.
     *
     * @param obligatory a reply the rules oblige: counted, never refused
     * @throws SpendLimitReachedException when it would pass a limit (nothing is counted)
     */
    public Reservation reserve(AccountId account, Money estimate, boolean obligatory, Instant at) {
        LocalDate day = at.atOffset(ZoneOffset.UTC).toLocalDate();
        SpendLimit limit = obligatory ? null : limitOf(account);
        if (batchesUnlimited && limit == null) { // nothing to refuse or alert (an obligatory reply has none): in memory
            unwritten.merge(new Unwritten(account, day), estimate, Money::plus);
            return new Reservation(account, estimate, day, true);
        }
        write(account); // what this node counted in memory before the account had a limit, first
        Money daily = limit == null ? null : limit.daily();
        Money monthly = limit == null ? null : limit.monthly();
        var added = spend.add(account, estimate, day, daily, monthly,
                counted -> alerts(account, limit, estimate, day, counted, at));
        if (!added.counted()) {
            boolean dayPassed = "daily".equals(added.limitPassed());
            throw new SpendLimitReachedException(account, added.limitPassed(), dayPassed ? daily : monthly,
                    dayPassed ? added.day() : added.month(), estimate);
        }
        return new Reservation(account, estimate, day, false);
    }

    /** Whether a send of this estimate would be refused now; counts nothing. @return the refusal, or null */
    public SpendLimitReachedException wouldRefuse(AccountId account, Money estimate, Instant at) {
        SpendLimit limit = limitOf(account);
        if (limit == null) {
            return null;
        }
        write(account);
        LocalDate day = at.atOffset(ZoneOffset.UTC).toLocalDate();
        var spent = spend.spent(account, day, currency);
        if (limit.daily() != null && spent.day().plus(estimate).compareTo(limit.daily()) > 0) {
            return new SpendLimitReachedException(account, "daily", limit.daily(), spent.day(), estimate);
        }
        if (limit.monthly() != null && spent.month().plus(estimate).compareTo(limit.monthly()) > 0) {
            return new SpendLimitReachedException(account, "monthly", limit.monthly(), spent.month(), estimate);
        }
        return null;
    }

    /** Takes back the estimate of a send that was not recorded. */
    public void giveBack(Reservation reservation) {
        if (reservation.unwritten()) {
            unwritten.merge(new Unwritten(reservation.account(), reservation.day()),
                    Money.zero(reservation.amount().currency()).minus(reservation.amount()), Money::plus);
            return;
        }
        spend.subtract(reservation.account(), reservation.amount(), reservation.day());
    }

    /**
     * Writes what this node counted in memory to the shared counts, one statement per account and day.
     *
     * @return how many account-days were written
     */
    public int writeUnwritten() {
        int written = 0;
        for (Unwritten key : unwritten.keySet()) {
            written += write(key) ? 1 : 0;
        }
        return written;
    }

    private void write(AccountId account) {
        if (unwritten.isEmpty()) {
            return;
        }
        for (Unwritten key : unwritten.keySet()) {
            if (key.account().equals(account)) {
                write(key);
            }
        }
    }

    private boolean write(Unwritten key) {
        Money sum = unwritten.remove(key);
        if (sum == null || sum.amount().signum() == 0) {
            return false;
        }
        try {
            spend.add(key.account(), sum, key.day(), null, null, counted -> false);
            return true;
        } catch (RuntimeException notWritten) { // kept for the next attempt
            unwritten.merge(key, sum, Money::plus);
            throw notWritten;
        }
    }

    /** @return whether an alert was recorded */
    private boolean alerts(AccountId account, SpendLimit limit, Money estimate, LocalDate day,
                           AccountSpendPort.Added counted, Instant at) {
        if (limit == null) {
            return false;
        }
        boolean daily = alert(account, "daily", day, limit.daily(), limit, counted.day().minus(estimate), counted.day(), at);
        boolean monthly = alert(account, "monthly", day.withDayOfMonth(1), limit.monthly(), limit,
                counted.month().minus(estimate), counted.month(), at);
        return daily || monthly;
    }

    private boolean alert(AccountId account, String period, LocalDate start, Money limitOfPeriod, SpendLimit limit,
                       Money before, Money after, Instant at) {
        if (limitOfPeriod == null) {
            return false;
        }
        boolean alerted = false;
        for (int percent : limit.thresholds()) {
            Money threshold = new Money(limitOfPeriod.amount().multiply(java.math.BigDecimal.valueOf(percent))
                    .divide(java.math.BigDecimal.valueOf(100)).setScale(Money.SCALE, java.math.RoundingMode.HALF_UP)
                    .stripTrailingZeros(), limitOfPeriod.currency());
            if (before.compareTo(threshold) < 0 && after.compareTo(threshold) >= 0) {
                publish.accept(new SpendThresholdReached(account, period, start, percent, limitOfPeriod, after, at));
                alerted = true;
            }
        }
        return alerted;
    }

    private SpendLimit limitOf(AccountId account) {
        Instant now = clock.instant();
        CachedLimit known = cached.get(account);
        if (known != null && known.until().isAfter(now)) {
            return known.limit();
        }
        SpendLimit limit = limits.limitOf(account);
        cached.put(account, new CachedLimit(limit, now.plus(limitTtl)));
        return limit;
    }

    @Override
    public void set(AccountId account, SpendLimit limit, String setBy) {
        write(account); // the limit counts what this node has sent so far
        if (!limit.currency().equals(currency)) {
            throw new InvalidInputException(ErrorCode.INVALID_SPEND_LIMIT, "the gateway prices in " + currency
                    + "; a limit in " + limit.currency() + " is not accepted");
        }
        limits.put(account, limit, setBy);
        cached.remove(account);
    }

    @Override
    public boolean remove(AccountId account) {
        boolean had = limits.remove(account);
        cached.remove(account);
        return had;
    }

    @Override
    public Spend spendOf(AccountId account) {
        write(account);
        LocalDate day = clock.instant().atOffset(ZoneOffset.UTC).toLocalDate();
        SpendLimit limit = limits.limitOf(account);
        var spent = spend.spent(account, day, currency);
        return new Spend(account, limit, day, spent.day(), spent.month(),
                limit == null || limit.daily() == null ? null : floor(limit.daily().minus(spent.day())),
                limit == null || limit.monthly() == null ? null : floor(limit.monthly().minus(spent.month())));
    }

    private static Money floor(Money money) {
        return money.belowZero() ? Money.zero(money.currency()) : money;
    }
}
