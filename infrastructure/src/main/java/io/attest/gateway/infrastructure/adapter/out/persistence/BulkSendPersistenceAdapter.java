package io.attest.gateway.infrastructure.adapter.out.persistence;

import io.attest.gateway.application.bulk.port.out.BulkSendStorePort;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Bulk-send batches and their rows in PostgreSQL ({@code bulk_send}, {@code bulk_send_row}). */
@Component
class BulkSendPersistenceAdapter implements BulkSendStorePort {

    private final DSLContext db;
    private final TransactionTemplate tx;

    BulkSendPersistenceAdapter(DSLContext db, PlatformTransactionManager transactionManager) {
        this.db = db;
        this.tx = Transactions.ownTransaction(transactionManager);
    }

    /** A moment as bound to a {@code ?::timestamptz} parameter. */
    private static String at(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static Instant instant(Record row, String field) {
        OffsetDateTime value = row.get(field, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    @Override
    public void create(NewBatch batch, String owner, Instant leaseUntil) {
        db.execute("""
                INSERT INTO bulk_send (id, account_id, sender, campaign_id, file_name, state, created_at, lease_owner,
                                       lease_until)
                VALUES (?, ?, ?, ?, ?, 'CHECKING', ?::timestamptz, ?, ?::timestamptz)""",
                batch.id(), batch.accountId(), batch.from(), batch.campaignId(), batch.fileName(),
                at(batch.createdAt()), owner, at(leaseUntil));
    }

    /** Renews the lease within the caller's transaction, or throws when another node holds it now. */
    private void holdLease(String batchId, String owner, Instant leaseUntil) {
        if (db.execute("UPDATE bulk_send SET lease_until = ?::timestamptz WHERE id = ? AND lease_owner = ?",
                at(leaseUntil), batchId, owner) != 1) {
            throw new LeaseLostException(batchId);
        }
    }

    @Override
    public void renew(java.util.Collection<String> batchIds, String owner, Instant leaseUntil) {
        for (String batchId : batchIds) { // a node works on a few batches at a time
            db.execute("UPDATE bulk_send SET lease_until = ?::timestamptz WHERE id = ? AND lease_owner = ?",
                    at(leaseUntil), batchId, owner);
        }
    }

    @Override
    public void addChecked(String batchId, List<CheckedRow> rows, String owner, Instant leaseUntil) {
        tx.executeWithoutResult(status -> {
            holdLease(batchId, owner, leaseUntil);
            BatchBindStep insert = db.batch(db.query("""
                    INSERT INTO bulk_send_row (bulk_send_id, number, recipient, text, send_at, outcome, outcome_key,
                                               passes, rule, reason, held_until, estimate)
                    VALUES (?, ?, ?, ?, ?::timestamptz, ?, ?, ?, ?, ?, ?::timestamptz, ?) ON CONFLICT DO NOTHING""",
                    null, null, null, null, null, null, null, null, null, null, null, null));
            BigDecimal estimate = BigDecimal.ZERO;
            String currency = null;
            int passing = 0;
            for (CheckedRow row : rows) {
                insert.bind(batchId, row.number(), row.to(), row.sealedText(), at(row.sendAt()), row.outcome(),
                        row.outcomeKey(), row.passes(), row.rule(), row.reason(), at(row.heldUntil()), row.estimate());
                if (row.passes()) {
                    passing++;
                }
                if (row.estimate() != null) {
                    estimate = estimate.add(row.estimate());
                    currency = row.currency();
                }
            }
            insert.execute();
            db.execute("""
                    UPDATE bulk_send SET checked = checked + ?, passing = passing + ?,
                        estimated_cost = estimated_cost + ?, currency = COALESCE(?, currency)
                    WHERE id = ?""", rows.size(), passing, estimate, currency, batchId);
        });
    }

    @Override
    public void checkEnded(String batchId, String state, String failure) {
        db.execute("""
                UPDATE bulk_send SET state = ?, failure = ?, lease_owner = NULL, lease_until = NULL
                WHERE id = ? AND state = 'CHECKING'""", state, failure, batchId);
    }

    @Override
    public Optional<StoredBatch> find(String batchId) {
        return db.fetchOptional("SELECT * FROM bulk_send WHERE id = ?", batchId).map(r -> new StoredBatch(
                r.get("id", String.class), r.get("account_id", String.class), r.get("sender", String.class),
                r.get("campaign_id", String.class), r.get("file_name", String.class), r.get("state", String.class),
                r.get("failure", String.class), r.get("checked", Integer.class), r.get("passing", Integer.class),
                r.get("estimated_cost", BigDecimal.class), r.get("currency", String.class).trim(),
                r.get("done", Integer.class), r.get("sent", Integer.class), instant(r, "created_at")));
    }

    @Override
    public Map<String, Integer> counts(String batchId) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        db.fetch("SELECT outcome_key, count(*) FROM bulk_send_row WHERE bulk_send_id = ? GROUP BY outcome_key",
                batchId).forEach(r -> counts.put(r.get(0, String.class), r.get(1, Integer.class)));
        return counts;
    }

    @Override
    public List<StoredRow> rows(String batchId, int afterNumber, int limit) {
        return db.fetch("""
                SELECT * FROM bulk_send_row WHERE bulk_send_id = ? AND number > ? ORDER BY number LIMIT ?""",
                batchId, afterNumber, limit).map(BulkSendPersistenceAdapter::row);
    }

    @Override
    public List<StoredRow> unsent(String batchId, int afterNumber, int limit) {
        return db.fetch("""
                SELECT * FROM bulk_send_row WHERE bulk_send_id = ? AND number > ? AND passes AND sent_outcome IS NULL
                ORDER BY number LIMIT ?""", batchId, afterNumber, limit).map(BulkSendPersistenceAdapter::row);
    }

    private static StoredRow row(Record r) {
        return new StoredRow(r.get("number", Integer.class), r.get("recipient", String.class),
                r.get("text", String.class), instant(r, "send_at"), r.get("outcome", String.class),
                r.get("rule", String.class), r.get("reason", String.class), instant(r, "held_until"),
                r.get("estimate", BigDecimal.class), r.get("message_id", String.class),
                r.get("sent_outcome", String.class));
    }

    @Override
    public boolean startSending(String batchId, String owner, Instant leaseUntil) {
        return db.execute("""
                UPDATE bulk_send SET state = 'SENDING', lease_owner = ?, lease_until = ?::timestamptz
                WHERE id = ? AND state = 'PREVIEW'""", owner, at(leaseUntil), batchId) == 1;
    }

    @Override
    public void recordSent(String batchId, List<SentRow> rows, String owner, Instant leaseUntil) {
        tx.executeWithoutResult(status -> {
            holdLease(batchId, owner, leaseUntil);
            BatchBindStep update = db.batch(db.query("""
                    UPDATE bulk_send_row SET message_id = ?, sent_outcome = ?
                    WHERE bulk_send_id = ? AND number = ? AND sent_outcome IS NULL""", null, null, null, null));
            for (SentRow row : rows) {
                update.bind(row.messageId(), row.sentOutcome(), batchId, row.number());
            }
            int[] changed = update.execute();
            int done = 0;
            int sent = 0;
            for (int i = 0; i < changed.length; i++) {
                // a row another node recorded meanwhile is not counted twice
                if (changed[i] > 0) {
                    done++;
                    sent += rows.get(i).recorded() ? 1 : 0;
                }
            }
            db.execute("""
                    UPDATE bulk_send SET done = done + ?, sent = sent + ? WHERE id = ?""", done, sent, batchId);
        });
    }

    @Override
    public void sendingEnded(String batchId) {
        db.execute("""
                UPDATE bulk_send SET state = 'SENT', lease_owner = NULL, lease_until = NULL
                WHERE id = ? AND state = 'SENDING'""", batchId);
    }

    @Override
    public List<Abandoned> claimAbandoned(String owner, Instant now, Instant leaseUntil) {
        return db.fetch("""
                UPDATE bulk_send SET lease_owner = ?, lease_until = ?::timestamptz
                WHERE id IN (SELECT id FROM bulk_send
                             WHERE state IN ('CHECKING', 'SENDING') AND lease_until < ?::timestamptz
                             FOR UPDATE SKIP LOCKED)
                RETURNING id, state""", owner, at(leaseUntil), at(now))
                .map(r -> new Abandoned(r.get(0, String.class), r.get(1, String.class)));
    }

    @Override
    public int forgetBefore(Instant before) {
        return db.execute("""
                DELETE FROM bulk_send WHERE created_at < ?::timestamptz AND state IN ('PREVIEW', 'SENT', 'FAILED')""",
                at(before));
    }
}
