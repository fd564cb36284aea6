package io.attest.gateway.infrastructure.adapter.out.persistence;

import io.attest.gateway.application.message.port.out.BrandDailyUsagePort;
import io.attest.gateway.domain.brand.BrandId;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.LocalDate;

/**
 * Brand day counts in PostgreSQL: one conditional upsert adds the segments only while the count stays within the cap,
 * so nodes counting at once never both take the last place. Commits on its own.
 */
@Component
class BrandDailyUsagePersistenceAdapter implements BrandDailyUsagePort {

    private final DSLContext db;
    private final TransactionTemplate ownTransaction;

    BrandDailyUsagePersistenceAdapter(DSLContext db, PlatformTransactionManager transactionManager) {
        this.db = db;
        this.ownTransaction = Transactions.ownTransaction(transactionManager);
    }

    @Override
    public long tryConsume(BrandId brand, LocalDate day, int segments, long cap) {
        Long count = ownTransaction.execute(status -> db.fetchOptional("""
                        INSERT INTO carrier_brand_day_usage AS u (brand_id, day, segments)
                        SELECT ?, ?::date, ? WHERE ? <= ?
                        ON CONFLICT (brand_id, day) DO UPDATE SET segments = u.segments + EXCLUDED.segments
                        WHERE u.segments + EXCLUDED.segments <= ?
                        RETURNING segments""",
                        brand.value(), day.toString(), (long) segments, (long) segments, cap, cap)
                .map(row -> row.get(0, Long.class)).orElse(-1L));
        return count == null ? -1 : count;
    }

    @Override
    public void giveBack(BrandId brand, LocalDate day, int segments) {
        ownTransaction.executeWithoutResult(status -> db.execute("""
                        UPDATE carrier_brand_day_usage SET segments = GREATEST(0, segments - ?)
                        WHERE brand_id = ? AND day = ?::date""",
                (long) segments, brand.value(), day.toString()));
    }
}
