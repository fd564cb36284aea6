package io.attest.gateway.application.limits.port.out;

import io.attest.gateway.domain.shared.AccountId;

/**
 * The sends each account made this second and this day, counted where every node counts (the database), so that the
 * limits hold however many nodes take requests.
 */
public interface AccountSendCountPort {

    /** Which limit a send would have passed, if any. */
    enum Outcome { COUNTED, SECOND_FULL, DAY_FULL }

    /**
     * Counts one send of the account when it stays within both limits; counts nothing when it would pass one.
     *
     * @param now       the moment of the send: its second and its UTC day are the periods counted
     * @param perSecond the account's limit per second, 0 for none
     * @param perDay    the account's limit per UTC day, 0 for none
     */
    Outcome count(AccountId account, java.time.Instant now, long perSecond, long perDay);

    /** Forgets the counts of seconds over a minute ago and of days over two days ago. @return how many */
    int forgetPast(java.time.Instant now);
}
