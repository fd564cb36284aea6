package io.attest.gateway.infrastructure.adapter.out.persistence;

import io.attest.gateway.application.cost.port.out.CarrierLookupPort;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.List;

/**
 * The default carrier lookup: the operator's tables in PostgreSQL. One indexed query per number: its ported entry,
 * else its NPA-NXX-X block, else its NPA-NXX block. A table is replaced whole in one transaction, so a lookup sees the
 * old table or the new one, never half of each.
 */
@Component
class CarrierLookupPersistenceAdapter implements CarrierLookupPort {

    private final DSLContext db;
    private final TransactionTemplate ownTransaction;

    CarrierLookupPersistenceAdapter(DSLContext db, PlatformTransactionManager transactionManager) {
        this.db = db;
        this.ownTransaction = Transactions.ownTransaction(transactionManager);
    }

    @Override
    public String carrierOf(PhoneNumber number) {
        String e164 = number.e164();
        if (!e164.startsWith("+1") || e164.length() != 12) {
            var found = db.fetchOne("SELECT carrier FROM carrier_ported_number WHERE number = ?", e164);
            return found == null ? null : found.get(0, String.class);
        }
        var found = db.fetchOne("""
                SELECT carrier FROM (
                    SELECT carrier, 3 AS rank FROM carrier_ported_number WHERE number = ?
                    UNION ALL SELECT carrier, length(prefix) - 7 FROM carrier_block WHERE prefix IN (?, ?)
                ) found ORDER BY rank DESC LIMIT 1""", e164, e164.substring(0, 9), e164.substring(0, 8));
        return found == null ? null : found.get(0, String.class);
    }

    @Override
    public int replaceBlocks(List<Entry> blocks) {
        return replace("carrier_block", "prefix", blocks);
    }

    @Override
    public int replacePorted(List<Entry> numbers) {
        return replace("carrier_ported_number", "number", numbers);
    }

    private int replace(String table, String key, List<Entry> entries) {
        return ownTransaction.execute(status -> {
            db.execute("DELETE FROM " + table);
            for (int from = 0; from < entries.size(); from += 1000) {
                var batch = db.batch("INSERT INTO " + table + " (" + key + ", carrier) VALUES (?, ?)");
                for (Entry entry : entries.subList(from, Math.min(entries.size(), from + 1000))) {
                    batch.bind(entry.key(), entry.carrier());
                }
                batch.execute();
            }
            return entries.size();
        });
    }

    @Override
    public Counts counts() {
        return new Counts(db.fetchCount(db.selectOne().from("carrier_block")),
                db.fetchCount(db.selectOne().from("carrier_ported_number")));
    }
}
