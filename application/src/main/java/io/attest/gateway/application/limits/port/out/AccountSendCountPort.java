package io.attest.gateway.application.limits.port.out;

import io.attest.gateway.domain.shared.AccountId;

/**
 * The sends each account made this second and this day, counted where every node counts (the database), so that the
 * limits hold however many nodes take requests. A node counts in slices: it adds several sends at once and then makes
 * them without asking again (see {@code SendQuota}).
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
    default Outcome count(AccountId account, java.time.Instant now, long perSecond, long perDay) {
        return count(account, now, 1, perSecond, 1, perDay);
    }

    /**
     * Counts a node's slice of sends in each period when both counts stay within their limits; counts nothing when
     * either would pass its limit.
     *
     * @param now         the moment: its second and its UTC day are the periods counted
     * @param secondSends sends to add to this second's count; 0 leaves the second alone
     * @param perSecond   the account's limit per second, 0 for none
     * @param daySends    sends to add to this day's count; 0 leaves the day alone
     * @param perDay      the account's limit per UTC day, 0 for none
     */
    Outcome count(AccountId account, java.time.Instant now, long secondSends, long perSecond, long daySends,
                  long perDay);

    /** Takes back sends a node counted for a day and did not make (the node stops). */
    void giveBack(AccountId account, java.time.Instant day, long sends);

    /** Forgets the counts of seconds over a minute ago and of days over two days ago. @return how many */
    int forgetPast(java.time.Instant now);
}
