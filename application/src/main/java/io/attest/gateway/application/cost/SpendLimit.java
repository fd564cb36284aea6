package io.attest.gateway.application.cost;

import io.attest.gateway.domain.cost.Money;

import java.util.List;

/**
 * How much an account may commit to spend in a UTC day and a UTC month, and at which shares of a limit it is alerted.
 *
 * @param daily      null for no daily limit
 * @param monthly    null for no monthly limit
 * @param thresholds percentages of a limit (1-100) whose passing is recorded as an alert, ascending
 */
public record SpendLimit(Money daily, Money monthly, List<Integer> thresholds) {

    public static final List<Integer> DEFAULT_THRESHOLDS = List.of(80, 100);

    public SpendLimit {
        if (daily == null && monthly == null) {
            throw new IllegalArgumentException("a spend limit needs daily, monthly or both");
        }
        if (daily != null && monthly != null && !daily.currency().equals(monthly.currency())) {
            throw new IllegalArgumentException("daily and monthly limits are in one currency");
        }
        if ((daily != null && daily.belowZero()) || (monthly != null && monthly.belowZero())) {
            throw new IllegalArgumentException("a spend limit is 0 or more");
        }
        thresholds = thresholds == null ? DEFAULT_THRESHOLDS
                : thresholds.stream().distinct().sorted().toList();
        for (int percent : thresholds) {
            if (percent < 1 || percent > 100) {
                throw new IllegalArgumentException("an alert threshold is a percentage from 1 to 100, not " + percent);
            }
        }
    }

    public java.util.Currency currency() {
        return daily != null ? daily.currency() : monthly.currency();
    }
}
