package io.attest.gateway.application.cost.port.in;

import io.attest.gateway.domain.shared.AccountId;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/** What an account was charged in a period, grouped, from the charges recorded on its messages. */
public interface CostReportQuery {

    enum GroupBy { DAY, CAMPAIGN, CARRIER, ROUTE, DIRECTION }

    /** The groups, each with its messages, segments and total; and the period's totals. */
    Report report(AccountId account, Instant since, Instant until, GroupBy groupBy);

    /** Every charge of the period, oldest first, for a download. */
    void forEachCharge(AccountId account, Instant since, Instant until, Consumer<Charge> each);

    /** @param key the day (YYYY-MM-DD), campaign id, carrier, route or direction; "" when the charge has none */
    record Group(String key, String currency, long messages, long segments, BigDecimal total) {
    }

    record Report(Instant since, Instant until, GroupBy groupBy, List<Group> groups, List<Group> totals) {
    }

    /** @param messageId the message (outbound) or inbound message id */
    record Charge(Instant at, String messageId, String direction, String campaignId, String carrier, String route,
                  String trafficClass, int segments, BigDecimal perSegment, BigDecimal carrierFee, BigDecimal amount,
                  String currency) {
    }
}
