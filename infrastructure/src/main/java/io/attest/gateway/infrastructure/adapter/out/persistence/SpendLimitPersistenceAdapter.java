package io.attest.gateway.infrastructure.adapter.out.persistence;

import io.attest.gateway.application.cost.SpendLimit;
import io.attest.gateway.application.cost.port.out.SpendLimitStorePort;
import io.attest.gateway.domain.cost.Money;
import io.attest.gateway.domain.shared.AccountId;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Currency;
import java.util.stream.Collectors;

/** The accounts' spend limits in PostgreSQL, one row per account. */
@Component
class SpendLimitPersistenceAdapter implements SpendLimitStorePort {

    private final DSLContext db;

    SpendLimitPersistenceAdapter(DSLContext db) {
        this.db = db;
    }

    @Override
    public SpendLimit limitOf(AccountId account) {
        var row = db.fetchOne("SELECT currency, daily, monthly, thresholds FROM spend_limit WHERE account_id = ?",
                account.value());
        if (row == null) {
            return null;
        }
        Currency currency = Currency.getInstance(row.get(0, String.class).trim());
        BigDecimal daily = row.get(1, BigDecimal.class);
        BigDecimal monthly = row.get(2, BigDecimal.class);
        String thresholds = row.get(3, String.class);
        return new SpendLimit(daily == null ? null : new Money(daily, currency),
                monthly == null ? null : new Money(monthly, currency),
                thresholds.isBlank() ? java.util.List.of()
                        : Arrays.stream(thresholds.split(",")).map(Integer::valueOf).toList());
    }

    @Override
    public void put(AccountId account, SpendLimit limit, String setBy) {
        db.execute("""
                INSERT INTO spend_limit (account_id, currency, daily, monthly, thresholds, set_by, set_at)
                VALUES (?, ?, ?, ?, ?, ?, now())
                ON CONFLICT (account_id) DO UPDATE SET currency = EXCLUDED.currency, daily = EXCLUDED.daily,
                    monthly = EXCLUDED.monthly, thresholds = EXCLUDED.thresholds, set_by = EXCLUDED.set_by,
                    set_at = EXCLUDED.set_at""",
                account.value(), limit.currency().getCurrencyCode(),
                limit.daily() == null ? null : limit.daily().amount(),
                limit.monthly() == null ? null : limit.monthly().amount(),
                limit.thresholds().stream().map(String::valueOf).collect(Collectors.joining(",")), setBy);
    }

    @Override
    public boolean remove(AccountId account) {
        return db.execute("DELETE FROM spend_limit WHERE account_id = ?", account.value()) > 0;
    }
}
