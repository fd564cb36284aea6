package io.attest.gateway.application.limits;

import io.attest.gateway.application.limits.port.out.AccountSendCountPort;
import io.attest.gateway.domain.shared.AccountId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Takes one send from the account's allowance per second and per day before the send is decided and recorded, or
 * refuses it with {@link SendLimitReachedException}. Only the messages a client asks for count: the replies the rules
 * oblige the gateway to send (STOP and HELP answers) never wait for an allowance.
 */
public class SendQuota {

    private final SendLimits limits;
    private final AccountSendCountPort counts;
    private final Clock clock;

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
        switch (counts.count(account, now, own.sendsPerSecond(), own.sendsPerDay())) {
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
}
