package io.attest.gateway.application.limits;

import io.attest.gateway.application.limits.port.out.AccountSendCountPort;
import io.attest.gateway.domain.shared.AccountId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Takes one send from the account's allowance per second and per day before the send is decided and recorded, or
 * refuses it with {@link SendLimitReachedException}. Only the messages a client asks for count: the replies the rules
 * oblige the gateway to send (STOP and HELP answers) never wait for an allowance.
 *
 * <p><b>Counted in slices.</b> The counts are shared by every node (the database), but a node does not count each
 * send there: it adds a slice of sends to the shared count at once and makes them from memory, then takes the next
 * slice. A slice starts at one send and doubles each time one is used up within its period, to at most a tenth of the
 * account's limit per second and a thousandth of its limit per day; when the shared count cannot take a whole slice,
 * the node takes the last places one at a time, so one node alone refuses exactly at the limit. Several nodes never
 * let more through than the limit together; a slice that one node holds and does not use can make another node refuse
 * early, by at most a slice per node. The rest of a second's slice lapses with its second; the rest of a day's slice
 * is used by the node's next sends that day, and given back when the node stops ({@link #giveBackUnused()}).
 */
public class SendQuota {

    private final SendLimits limits;
    private final AccountSendCountPort counts;
    private final Clock clock;
    private final Map<AccountId, Allowance> allowances = new ConcurrentHashMap<>();

    public SendQuota(SendLimits limits, AccountSendCountPort counts, Clock clock) {
        this.limits = limits;
        this.counts = counts;
        this.clock = clock;
    }

    /** Forgets the counts of periods long over. @return how many */
    public int forgetPast() {
        return counts.forgetPast(clock.instant());
    }

    /** @throws SendLimitReachedException when the account has sent its allowance of this second or this day */
    public void take(AccountId account) {
        SendLimits.Limits own = limits.of(account);
        if (own.sendsPerSecond() == 0 && own.sendsPerDay() == 0) {
            return;
        }
        Instant now = clock.instant();
        Allowance allowance = allowances.computeIfAbsent(account, key -> new Allowance());
        AccountSendCountPort.Outcome outcome;
        synchronized (allowance) {
            outcome = allowance.take(account, now, own.sendsPerSecond(), own.sendsPerDay());
        }
        switch (outcome) {
            case COUNTED -> {
            }
            case SECOND_FULL -> throw new SendLimitReachedException(account, "sends-per-second", own.sendsPerSecond(),
                    Duration.ofSeconds(1));
            case DAY_FULL -> {
                Instant midnight = now.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).plusDays(1).toInstant();
                throw new SendLimitReachedException(account, "sends-per-day", own.sendsPerDay(),
                        Duration.ofSeconds(Math.max(1, Duration.between(now, midnight).toSeconds() + 1)));
            }
        }
    }

    /**
     * Hands one send taken by {@link #take} back to this node's allowance: the request turned out to be a retry of a
     * message already recorded, which sends nothing new. It stays counted in the shared counts, as this node's, and
     * the next send of the account uses it.
     */
    public void giveBack(AccountId account) {
        Allowance allowance = allowances.get(account);
        if (allowance == null) {
            return;
        }
        SendLimits.Limits own = limits.of(account);
        synchronized (allowance) {
            allowance.giveBack(clock.instant(), own.sendsPerSecond(), own.sendsPerDay());
        }
    }

    /** Gives the rest of this node's day slices back to the shared counts (the node stops). @return sends given back */
    public long giveBackUnused() {
        long given = 0;
        for (var entry : allowances.entrySet()) {
            Allowance allowance = entry.getValue();
            synchronized (allowance) {
                if (allowance.dayLeft > 0) {
                    counts.giveBack(entry.getKey(), Instant.ofEpochSecond(allowance.day * 86_400), allowance.dayLeft);
                    given += allowance.dayLeft;
                    allowance.dayLeft = 0;
                }
            }
        }
        return given;
    }

    /** This node's sends counted in the shared counts and not made yet, for one account. Guarded by itself. */
    private final class Allowance {
        private long second = Long.MIN_VALUE;
        private long secondLeft;
        private long secondSlice = 1;
        private long day = Long.MIN_VALUE;
        private long dayLeft;
        private long daySlice = 1;

        void giveBack(Instant now, long perSecond, long perDay) {
            long thisSecond = now.getEpochSecond();
            if (perSecond > 0 && thisSecond == second) {
                secondLeft++; // a send of a second over is not worth handing back: its count is forgotten
            }
            if (perDay > 0 && Math.floorDiv(thisSecond, 86_400) == day) {
                dayLeft++;
            }
        }

        AccountSendCountPort.Outcome take(AccountId account, Instant now, long perSecond, long perDay) {
            long thisSecond = now.getEpochSecond();
            long today = Math.floorDiv(thisSecond, 86_400);
            if (thisSecond != second) {
                // a slice the last second used up may start larger; one it left unused, smaller
                secondSlice = secondLeft > 0 ? Math.max(1, secondSlice / 2) : secondSlice;
                second = thisSecond;
                secondLeft = 0;
            }
            if (today != day) {
                day = today;
                dayLeft = 0; // a slice of a day over counts nowhere now
                daySlice = 1;
            }
            boolean needSecond = perSecond > 0 && secondLeft == 0;
            boolean needDay = perDay > 0 && dayLeft == 0;
            if (needSecond || needDay) {
                long wantSecond = needSecond ? Math.min(secondSlice, Math.max(1, perSecond / 10)) : 0;
                long wantDay = needDay ? Math.min(daySlice, Math.max(1, perDay / 1000)) : 0;
                var outcome = counts.count(account, now, wantSecond, perSecond, wantDay, perDay);
                if (outcome != AccountSendCountPort.Outcome.COUNTED && (wantSecond > 1 || wantDay > 1)) {
                    // the shared count cannot take whole slices: the last places one at a time
                    wantSecond = needSecond ? 1 : 0;
                    wantDay = needDay ? 1 : 0;
                    secondSlice = 1;
                    daySlice = 1;
                    outcome = counts.count(account, now, wantSecond, perSecond, wantDay, perDay);
                } else if (outcome == AccountSendCountPort.Outcome.COUNTED) {
                    secondSlice = needSecond ? wantSecond * 2 : secondSlice;
                    daySlice = needDay ? wantDay * 2 : daySlice;
                }
                if (outcome != AccountSendCountPort.Outcome.COUNTED) {
                    return outcome;
                }
                secondLeft += wantSecond;
                dayLeft += wantDay;
            }
            if (perSecond > 0) {
                secondLeft--;
            }
            if (perDay > 0) {
                dayLeft--;
            }
            return AccountSendCountPort.Outcome.COUNTED;
        }
    }
}
