package io.attest.gateway.application.message.port.in;

import io.attest.gateway.domain.shared.AccountId;

import java.time.Instant;
import java.util.List;

/** What an account's messages did lately, at a glance: per hour by outcome, blocked by rule, how fast receipts came. */
public interface MessageDashboardQuery {

    Dashboard dashboard(AccountId account, Instant since);

    /** @param status a message status in lower case (where the message stands now) */
    record HourCount(Instant hour, String status, long messages) {
    }

    record RuleCount(String rule, long messages) {
    }

    /**
     * From acceptance to the delivered receipt, over the delivered messages of the window.
     *
     * @param p50Millis null when none was delivered
     */
    record ReceiptLatency(long delivered, Long p50Millis, Long p95Millis) {
    }

    record Dashboard(Instant since, List<HourCount> perHour, List<RuleCount> blockedByRule, ReceiptLatency latency) {
    }
}
