package io.attest.gateway.infrastructure.adapter.out.persistence;

import io.attest.gateway.application.message.port.out.CampaignPacePort;
import io.attest.gateway.domain.campaign.CampaignId;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The campaigns' next free sending times in PostgreSQL, by the database's clock (one clock for every node): one upsert
 * moves the campaign's time on and answers it, so two nodes reserving at once get consecutive places. Committed on
 * its own without waiting for the flush to disk: a pace lost in a crash costs at most a moment's burst, never a record.
 */
@Component
class CampaignPacePersistenceAdapter implements CampaignPacePort {

    private static final String RESERVE = """
            INSERT INTO campaign_pace AS p (campaign_id, next_free)
            VALUES (?, clock_timestamp() + ? * interval '1 microsecond')
            ON CONFLICT (campaign_id) DO UPDATE
                SET next_free = greatest(p.next_free, clock_timestamp()) + ? * interval '1 microsecond'
            RETURNING (extract(epoch FROM p.next_free - clock_timestamp()) * 1000000)::bigint""";

    private final DSLContext db;
    private final TransactionTemplate ownTransaction;

    CampaignPacePersistenceAdapter(DSLContext db, PlatformTransactionManager transactionManager) {
        this.db = db;
        this.ownTransaction = Transactions.ownTransaction(transactionManager);
    }

    @Override
    public long reserve(CampaignId campaign, long intervalNanos, int segments, long burstNanos) {
        long micros = intervalNanos * segments / 1000;
        Long untilNextFree = ownTransaction.execute(status -> {
            db.execute("SET LOCAL synchronous_commit TO OFF");
            Object value = db.fetchValue(RESERVE, campaign.value(), micros, micros);
            return value == null ? 0L : ((Number) value).longValue();
        });
        // the place taken starts where the next free time was before this reservation
        long dueInNanos = (untilNextFree == null ? 0 : untilNextFree) * 1000 - intervalNanos * segments;
        return Math.max(0, dueInNanos - burstNanos);
    }
}
