package io.attest.gateway.application.cost.port.out;

import io.attest.gateway.domain.cost.Money;
import io.attest.gateway.domain.shared.AccountId;

import java.time.LocalDate;

/**
 * What each account has committed to spend this UTC day and this UTC month, counted where every node counts (the
 * database): an addition that would pass a limit adds nothing, and two additions at once, on any nodes, are counted
 * one after the other, so a limit is never passed.
 */
public interface AccountSpendPort {

    /**
     * Adds {@code amount} to the account's day and month, unless it would take either past its limit.
     *
     * @param dailyLimit    null for none
     * @param monthlyLimit  null for none
     * @param inTransaction called with the result inside the transaction that counts it (when it counted): what it
     *                      records commits with the count, or neither does; it answers whether it recorded anything
     *                      (the count alone may be committed without waiting for the disk)
     */
    Added add(AccountId account, Money amount, LocalDate day, Money dailyLimit, Money monthlyLimit,
              java.util.function.Predicate<Added> inTransaction);

    /** Takes back an amount added for a send that was not recorded after all. */
    void subtract(AccountId account, Money amount, LocalDate day);

    /** The account's spend in the day and in its month (zero when nothing was counted). */
    Added spent(AccountId account, LocalDate day, java.util.Currency currency);

    /**
     * @param counted     whether the amount was added
     * @param limitPassed which limit it would have passed ({@code daily} or {@code monthly}) when not added; else null
     * @param day         the day's spend with the amount when counted, without it when not
     * @param month       the month's spend, likewise
     */
    record Added(boolean counted, String limitPassed, Money day, Money month) {
    }
}
