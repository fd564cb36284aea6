package io.attest.gateway.application.compliance.port.in;

import io.attest.gateway.domain.shared.AccountId;

import java.time.Instant;
import java.util.List;

/**
 * The registry as lists: an account's brands, campaigns and numbers with their status, or, for the operator, every
 * account's, optionally only those in one status (the campaigns waiting for a decision, say). Ordered by id; a page
 * continues after the last id of the one before.
 */
public interface RegistryListQuery {

    int MAX_PAGE = 200;

    /**
     * @param account the account whose entries are listed; null lists every account's (the operator's view only)
     * @param status  only entries in this status (as {@link Entry#status()} spells it), or null for all
     * @param after   the last id of the previous page, or null for the first page
     * @param limit   at most this many, capped at {@link #MAX_PAGE}
     */
    List<Entry> list(AccountId account, Kind kind, String status, String after, int limit);

    enum Kind { BRAND, CAMPAIGN, NUMBER }

    /**
     * One entry as a list shows it.
     *
     * @param name     a brand's legal name, a campaign's use case, a number's type
     * @param parentId a campaign's brand, the campaign a number serves (null once released)
     * @param status   a brand's or campaign's status; a number's: SERVING, UNVERIFIED (toll-free, not yet verified)
     *                 or RELEASED
     * @param reason   the reason given with the last decision, when one was
     * @param verified a number's toll-free verification is recorded
     */
    record Entry(Kind kind, String id, AccountId accountId, String name, String parentId, String status,
                 String reason, boolean verified, Instant registeredAt, Instant updatedAt) {
    }
}
