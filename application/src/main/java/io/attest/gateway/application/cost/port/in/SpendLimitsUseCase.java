package io.attest.gateway.application.cost.port.in;

import io.attest.gateway.application.cost.SpendLimit;
import io.attest.gateway.domain.cost.Money;
import io.attest.gateway.domain.shared.AccountId;

/** The operator sets each account's spend limits; an account reads its own with what it has spent. */
public interface SpendLimitsUseCase {

    void set(AccountId account, SpendLimit limit, String setBy);

    /** @return whether the account had a limit */
    boolean remove(AccountId account);

    /** The account's limit (null when none) and its spend this UTC day and month. */
    Spend spendOf(AccountId account);

    /**
     * @param dailyRemaining   null without a daily limit
     * @param monthlyRemaining null without a monthly limit
     */
    record Spend(AccountId account, SpendLimit limit, java.time.LocalDate day, Money spentToday, Money spentThisMonth,
                 Money dailyRemaining, Money monthlyRemaining) {
    }
}
