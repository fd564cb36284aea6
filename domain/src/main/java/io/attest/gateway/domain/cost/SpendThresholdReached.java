package io.attest.gateway.domain.cost;

import io.attest.gateway.domain.shared.AccountId;

import java.time.Instant;
import java.time.LocalDate;

/**
 * An account's spend in a period passed one of its alert thresholds: recorded once per threshold and period, by the
 * send that passed it.
 *
 * @param period      {@code daily} or {@code monthly}
 * @param periodStart the UTC day, or the first day of the UTC month
 * @param percent     the threshold passed, in percent of the limit
 * @param spent       the period's spend with the send that passed it
 */
public record SpendThresholdReached(AccountId accountId, String period, LocalDate periodStart, int percent,
                                    Money limit, Money spent, Instant reachedAt) {
}
