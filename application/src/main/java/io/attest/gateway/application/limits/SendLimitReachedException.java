package io.attest.gateway.application.limits;

import io.attest.gateway.domain.shared.AccountId;

import java.time.Duration;

/** A send the account's limit does not allow now: nothing was recorded; the client may try again later. */
public class SendLimitReachedException extends RuntimeException {

    private final String limit;
    private final long value;
    private final Duration retryAfter;

    public SendLimitReachedException(AccountId account, String limit, long value, Duration retryAfter) {
        super("account " + account.value() + " may send " + value + " messages " + ("sends-per-second".equals(limit)
                ? "a second" : "a UTC day") + " (" + limit + "); nothing was recorded: retry after "
                + retryAfter.toSeconds() + " s");
        this.limit = limit;
        this.value = value;
        this.retryAfter = retryAfter;
    }

    /** The limit's name, as configured: {@code sends-per-second} or {@code sends-per-day}. */
    public String limit() {
        return limit;
    }

    public long value() {
        return value;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
