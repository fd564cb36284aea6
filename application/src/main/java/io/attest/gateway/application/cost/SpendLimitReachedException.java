package io.attest.gateway.application.cost;

import io.attest.gateway.domain.cost.Money;
import io.attest.gateway.domain.shared.AccountId;

/**
 * A send whose estimate would take the account past its daily or monthly spend limit. The send is recorded as
 * blocked by the rule {@code spend.limit}; nothing goes to a carrier.
 *
 * @see io.attest.gateway.domain.compliance.ComplianceRule#SPEND_LIMIT
 */
public class SpendLimitReachedException extends RuntimeException {

    private final String period;
    private final Money limit;
    private final Money spent;
    private final Money estimate;

    public SpendLimitReachedException(AccountId account, String period, Money limit, Money spent, Money estimate) {
        super("the " + period + " spend limit of account " + account.value() + " is " + limit + "; " + spent
                + " is committed, " + remaining(limit, spent) + " is left, and this message is estimated at "
                + estimate);
        this.period = period;
        this.limit = limit;
        this.spent = spent;
        this.estimate = estimate;
    }

    private static Money remaining(Money limit, Money spent) {
        Money left = limit.minus(spent);
        return left.belowZero() ? Money.zero(limit.currency()) : left;
    }

    /** {@code daily} or {@code monthly}. */
    public String period() {
        return period;
    }

    public Money limit() {
        return limit;
    }

    public Money spent() {
        return spent;
    }

    public Money remaining() {
        return remaining(limit, spent);
    }

    public Money estimate() {
        return estimate;
    }
}
