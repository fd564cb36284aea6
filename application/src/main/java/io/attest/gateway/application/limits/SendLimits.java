package io.attest.gateway.application.limits;

import io.attest.gateway.domain.shared.AccountId;

import java.time.Duration;
import java.util.Map;

/**
 * How much each account may send: the defaults, and the accounts that have limits of their own. Zero means no limit.
 * They guard against a stolen client key pumping messages; they are not compliance rules (those are in the send
 * policy), except the recipient velocity, which the policy decides and records like every rule.
 *
 * @param defaults the limits of every account that has none of its own
 * @param accounts an account's own limits; a member it leaves at null is the default's
 */
public record SendLimits(Limits defaults, Map<AccountId, Limits> accounts) {

    public SendLimits {
        if (defaults == null) {
            throw new IllegalArgumentException("gateway.limits.default is required");
        }
        defaults.requireComplete("gateway.limits.default");
        accounts = Map.copyOf(accounts);
        accounts.forEach((account, limits) -> limits.check("gateway.limits.accounts." + account.value()));
    }

    /** No limit at all: for tests of other things. */
    public static SendLimits none() {
        return new SendLimits(new Limits(0L, 0L, 0, Duration.ofHours(1)), Map.of());
    }

    /** The limits of an account, its own members first, the defaults for the rest. */
    public Limits of(AccountId account) {
        Limits own = accounts.get(account);
        if (own == null) {
            return defaults;
        }
        return new Limits(
                own.sendsPerSecond() != null ? own.sendsPerSecond() : defaults.sendsPerSecond(),
                own.sendsPerDay() != null ? own.sendsPerDay() : defaults.sendsPerDay(),
                own.recipientMessages() != null ? own.recipientMessages() : defaults.recipientMessages(),
                own.recipientWindow() != null ? own.recipientWindow() : defaults.recipientWindow());
    }

    /** The longest recipient window any account has: how long the sends it counts must be kept. */
    public Duration longestRecipientWindow() {
        Duration longest = defaults.recipientWindow();
        for (AccountId account : accounts.keySet()) {
            Duration window = of(account).recipientWindow();
            if (window.compareTo(longest) > 0) {
                longest = window;
            }
        }
        return longest;
    }

    /**
     * @param sendsPerSecond    messages the account may send in one second (UTC, by the database's clock), 0 for no limit
     * @param sendsPerDay       messages the account may send in one UTC day, 0 for no limit
     * @param recipientMessages messages the account may send to one number within {@code recipientWindow}; 0 for no limit
     * @param recipientWindow   the window of the recipient velocity rule
     */
    public record Limits(Long sendsPerSecond, Long sendsPerDay, Integer recipientMessages, Duration recipientWindow) {

        void requireComplete(String name) {
            if (sendsPerSecond == null || sendsPerDay == null || recipientMessages == null || recipientWindow == null) {
                throw new IllegalArgumentException(name + " needs sends-per-second, sends-per-day, "
                        + "recipient-messages and recipient-window");
            }
            check(name);
        }

        void check(String name) {
            if ((sendsPerSecond != null && sendsPerSecond < 0) || (sendsPerDay != null && sendsPerDay < 0)
                    || (recipientMessages != null && recipientMessages < 0)) {
                throw new IllegalArgumentException(name + ": a limit is 0 (none) or more");
            }
            if (recipientWindow != null && (recipientWindow.isNegative() || recipientWindow.isZero()
                    || recipientWindow.compareTo(Duration.ofDays(7)) > 0)) {
                throw new IllegalArgumentException(name + ".recipient-window is more than nothing and at most 7 days, not "
                        + recipientWindow);
            }
        }

        /** Whether the recipient velocity rule applies. */
        public boolean limitsRecipients() {
            return recipientMessages != null && recipientMessages > 0;
        }
    }
}
