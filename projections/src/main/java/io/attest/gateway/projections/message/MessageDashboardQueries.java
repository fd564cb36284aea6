package io.attest.gateway.projections.message;

import io.attest.gateway.application.message.port.in.MessageDashboardQuery;
import io.attest.gateway.domain.shared.AccountId;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/** The dashboard's three figures, each one query over the account's messages accepted since a moment (indexed). */
public class MessageDashboardQueries implements MessageDashboardQuery {

    private final DSLContext db;

    public MessageDashboardQueries(DSLContext db) {
        this.db = db;
    }

    @Override
    public Dashboard dashboard(AccountId account, Instant since) {
        OffsetDateTime from = since.atOffset(ZoneOffset.UTC);
        List<HourCount> perHour = db.fetch("""
                SELECT date_trunc('hour', accepted_at) AS hour, status, count(*) FROM delivery_status
                WHERE account_id = ? AND accepted_at >= ?::timestamptz GROUP BY 1, 2 ORDER BY 1, 2""",
                account.value(), from.toString()).map(r -> new HourCount(r.get(0, OffsetDateTime.class).toInstant(),
                r.get(1, String.class).toLowerCase(Locale.ROOT), r.get(2, Long.class)));
        List<RuleCount> blocked = db.fetch("""
                SELECT split_part(t.detail, ':', 1) AS rule, count(*) FROM delivery_status d
                JOIN message_timeline t ON t.message_id = d.message_id AND t.event = 'MessageBlocked'
                WHERE d.account_id = ? AND d.accepted_at >= ?::timestamptz GROUP BY 1 ORDER BY 2 DESC, 1""",
                account.value(), from.toString()).map(r -> new RuleCount(r.get(0, String.class), r.get(1, Long.class)));
        var latency = db.fetchOne("""
                SELECT count(*),
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM updated_at - accepted_at)),
                       percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM updated_at - accepted_at))
                FROM delivery_status WHERE account_id = ? AND accepted_at >= ?::timestamptz AND status = 'DELIVERED'""",
                account.value(), from.toString());
        long delivered = latency.get(0, Long.class);
        Double p50 = latency.get(1, Double.class);
        Double p95 = latency.get(2, Double.class);
        return new Dashboard(since, perHour, blocked, new ReceiptLatency(delivered,
                p50 == null ? null : Math.round(p50 * 1000), p95 == null ? null : Math.round(p95 * 1000)));
    }
}
