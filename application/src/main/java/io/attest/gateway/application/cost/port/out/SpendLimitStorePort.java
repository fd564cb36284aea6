package io.attest.gateway.application.cost.port.out;

import io.attest.gateway.application.cost.SpendLimit;
import io.attest.gateway.domain.shared.AccountId;

/** The spend limits the operator set, per account. */
public interface SpendLimitStorePort {

    /** @return the account's limit, or null when it has none */
    SpendLimit limitOf(AccountId account);

    void put(AccountId account, SpendLimit limit, String setBy);

    /** @return whether the account had a limit */
    boolean remove(AccountId account);
}
