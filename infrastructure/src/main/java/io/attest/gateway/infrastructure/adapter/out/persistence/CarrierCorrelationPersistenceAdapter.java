package io.attest.gateway.infrastructure.adapter.out.persistence;

import io.attest.gateway.application.message.port.out.CarrierCorrelationPort;
import io.attest.gateway.domain.message.CarrierMessageId;
import io.attest.gateway.domain.message.DeliveryReceipt;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.ReceiptOutcome;
import org.jooq.DSLContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;


/**
 * Correlation rows in PostgreSQL. A carrier id is remembered in the caller's transaction (the submission's) when there
 * is one; the other writes commit on their own (REQUIRES_NEW), as the port promises. Reads run outside any
 * transaction: one statement, no commit to wait for.
 */
@Component
class CarrierCorrelationPersistenceAdapter implements CarrierCorrelationPort {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(CarrierCorrelationPersistenceAdapter.class);

    private final DSLContext db;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate ownTransaction;
    private final TransactionTemplate noTransaction;
    private final Clock clock;

    CarrierCorrelationPersistenceAdapter(DSLContext db, JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                                         Clock clock) {
        this.db = db;
        this.jdbc = jdbc;
        this.ownTransaction = Transactions.ownTransaction(transactionManager);
        this.noTransaction = Transactions.noTransaction(transactionManager);
        this.clock = clock;
    }

    /**
     * Takes over a carrier id and answers the message that owned it before, in one statement: the statements of a
     * WITH all see the table as it was, so {@code previous} is the owner before the upsert. The statements of every
     * submit and receipt are SQL written once, run by JDBC: jOOQ rendered and bound them anew each time, at more CPU
     * than the driver's own work (docs/performance.md).
     */
    private static final String REMEMBER = """
            WITH previous AS (SELECT message_id FROM carrier_correlation WHERE carrier_message_id = ?),
                 taken AS (INSERT INTO carrier_correlation (carrier_message_id, message_id, recorded_at) VALUES (?, ?, CAST(? AS TIMESTAMPTZ))
                           ON CONFLICT (carrier_message_id) DO UPDATE
                           SET message_id = EXCLUDED.message_id, recorded_at = EXCLUDED.recorded_at)
            SELECT (SELECT message_id FROM previous)""";

    /** The first column of the first row, or null when there is none. */
    private static final org.springframework.jdbc.core.ResultSetExtractor<String> FIRST_STRING =
            rows -> rows.next() ? rows.getString(1) : null;

    private static final String MESSAGE_FOR = "SELECT message_id FROM carrier_correlation WHERE carrier_message_id = ?";

    private static final String KEEP_UNMATCHED = """
            INSERT INTO carrier_unmatched_receipt (carrier_message_id, outcome, carrier_status, carrier_error,
                carrier_done_at, received_at)
            VALUES (?, ?, ?, ?, ?, ?)""";

    private static final int[] KEEP_UNMATCHED_TYPES = {java.sql.Types.VARCHAR, java.sql.Types.VARCHAR,
            java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.VARCHAR, java.sql.Types.TIMESTAMP_WITH_TIMEZONE};

    private static final String DISCARD_UNMATCHED = "DELETE FROM carrier_unmatched_receipt WHERE carrier_message_id = ?";

    private static final String UNMATCHED = """
            SELECT outcome, carrier_status, carrier_error, carrier_done_at FROM carrier_unmatched_receipt
            WHERE carrier_message_id = ? AND received_at >= CAST(? AS TIMESTAMPTZ) ORDER BY id""";

    /**
     * The newest submit owns a carrier id: SMSCs reuse their message ids (they wrap around, or restart their
     * numbering), and the receipts that follow a submit are that submit's. A reused id is logged, since receipts
     * still due for the older message would now reach the newer one. One statement, in the caller's transaction: the
     * submission that got the id commits it, with no commit of its own to wait for.
     */
    @Override
    public void remember(CarrierMessageId carrierMessageId, MessageId messageId) {
        String previous = jdbc.query(REMEMBER, FIRST_STRING, carrierMessageId.value(),
                carrierMessageId.value(), messageId.value(), OffsetDateTime.now(clock));
        if (previous != null && !previous.equals(messageId.value())) {
            log.warn("carrier id {} named message {} and now names message {}: the SMSC reused it", carrierMessageId,
                    previous, messageId);
        }
    }

    /**
     * {@link #REMEMBER} for a batch of submissions in one statement: the carrier ids and message ids as two arrays, so
     * the SQL is the same for any batch. The caller's ids are distinct (one upsert may not touch a row twice).
     */
    private static final String REMEMBER_ALL = """
            WITH given AS (SELECT * FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[])) AS g(carrier_message_id, message_id)),
                 previous AS (SELECT c.carrier_message_id, c.message_id FROM carrier_correlation c
                              JOIN given g ON g.carrier_message_id = c.carrier_message_id),
                 taken AS (INSERT INTO carrier_correlation (carrier_message_id, message_id, recorded_at)
                           SELECT carrier_message_id, message_id, CAST(? AS TIMESTAMPTZ) FROM given
                           ON CONFLICT (carrier_message_id) DO UPDATE
                           SET message_id = EXCLUDED.message_id, recorded_at = EXCLUDED.recorded_at)
            SELECT carrier_message_id, message_id FROM previous""";

    @Override
    public void rememberAll(java.util.Map<CarrierMessageId, MessageId> messagesByCarrierId) {
        if (messagesByCarrierId.size() <= 1) {
            messagesByCarrierId.forEach(this::remember);
            return;
        }
        Object[] carrierIds = messagesByCarrierId.keySet().stream().map(CarrierMessageId::value).toArray();
        Object[] messageIds = messagesByCarrierId.values().stream().map(MessageId::value).toArray();
        List<String[]> previous = jdbc.query(connection -> {
            var upsert = connection.prepareStatement(REMEMBER_ALL);
            upsert.setArray(1, connection.createArrayOf("text", carrierIds));
            upsert.setArray(2, connection.createArrayOf("text", messageIds));
            upsert.setObject(3, OffsetDateTime.now(clock));
            return upsert;
        }, (row, number) -> new String[]{row.getString(1), row.getString(2)});
        for (String[] owner : previous) {
            MessageId now = messagesByCarrierId.get(CarrierMessageId.of(owner[0]));
            if (now != null && !owner[1].equals(now.value())) {
                log.warn("carrier id {} named message {} and now names message {}: the SMSC reused it", owner[0],
                        owner[1], now);
            }
        }
    }

    @Override
    public Optional<MessageId> messageFor(CarrierMessageId carrierMessageId) {
        return noTransaction.execute(status -> Optional.ofNullable(jdbc.query(MESSAGE_FOR, FIRST_STRING,
                carrierMessageId.value())).map(MessageId::of));
    }

    @Override
    public void keepUnmatched(DeliveryReceipt receipt) {
        ownTransaction.executeWithoutResult(status -> jdbc.update(KEEP_UNMATCHED, new Object[]{
                receipt.carrierMessageId().value(), receipt.outcome().name(), receipt.carrierStatus(),
                receipt.carrierError(), receipt.carrierDoneAt(), OffsetDateTime.now(clock)}, KEEP_UNMATCHED_TYPES));
    }

    @Override
    public List<DeliveryReceipt> unmatched(CarrierMessageId carrierMessageId, java.time.Instant receivedSince) {
        OffsetDateTime since = millis(receivedSince);
        return noTransaction.execute(status -> jdbc.query(UNMATCHED, (row, number) -> new DeliveryReceipt(carrierMessageId,
                ReceiptOutcome.valueOf(row.getString(1)), row.getString(2), row.getString(3), row.getString(4)),
                carrierMessageId.value(), since));
    }

    /** {@link #UNMATCHED} for a batch of submissions: one query from the earliest of their instants, then each id's own. */
    private static final String UNMATCHED_ALL = """
            SELECT carrier_message_id, outcome, carrier_status, carrier_error, carrier_done_at, received_at
            FROM carrier_unmatched_receipt
            WHERE carrier_message_id = ANY(CAST(? AS TEXT[])) AND received_at >= CAST(? AS TIMESTAMPTZ) ORDER BY id""";

    @Override
    public java.util.Map<CarrierMessageId, List<DeliveryReceipt>> unmatched(
            java.util.Map<CarrierMessageId, java.time.Instant> receivedSince) {
        if (receivedSince.size() <= 1) {
            return CarrierCorrelationPort.super.unmatched(receivedSince);
        }
        java.util.Map<String, OffsetDateTime> sinceById = new java.util.HashMap<>();
        receivedSince.forEach((id, since) -> sinceById.put(id.value(), millis(since)));
        OffsetDateTime earliest = sinceById.values().stream().min(java.util.Comparator.naturalOrder()).orElseThrow();
        java.util.Map<CarrierMessageId, List<DeliveryReceipt>> kept = new java.util.LinkedHashMap<>();
        noTransaction.executeWithoutResult(status -> jdbc.query(connection -> {
            var select = connection.prepareStatement(UNMATCHED_ALL);
            select.setArray(1, connection.createArrayOf("text", sinceById.keySet().toArray()));
            select.setObject(2, earliest);
            return select;
        }, row -> {
            String id = row.getString(1);
            if (!row.getObject(6, OffsetDateTime.class).isBefore(sinceById.get(id))) {
                CarrierMessageId carrierMessageId = CarrierMessageId.of(id);
                kept.computeIfAbsent(carrierMessageId, any -> new java.util.ArrayList<>()).add(new DeliveryReceipt(
                        carrierMessageId, ReceiptOutcome.valueOf(row.getString(2)), row.getString(3),
                        row.getString(4), row.getString(5)));
            }
        }));
        return kept;
    }

    /** To the millisecond: the column keeps microseconds, the instant may carry nanoseconds. */
    private static OffsetDateTime millis(java.time.Instant instant) {
        return instant.truncatedTo(java.time.temporal.ChronoUnit.MILLIS).atOffset(java.time.ZoneOffset.UTC);
    }

    @Override
    public void discardUnmatched(CarrierMessageId carrierMessageId) {
        ownTransaction.executeWithoutResult(status -> jdbc.update(DISCARD_UNMATCHED, carrierMessageId.value()));
    }

    /** At most this many rows a statement: a large backlog is deleted in short transactions. */
    private static final int SLICE = 10_000;

    @Override
    public int forgetBefore(java.time.Instant correlationsBefore, java.time.Instant unmatchedBefore) {
        return forget("carrier_correlation", "recorded_at", correlationsBefore)
                + forget("carrier_unmatched_receipt", "received_at", unmatchedBefore);
    }

    private int forget(String table, String column, java.time.Instant before) {
        String sql = "DELETE FROM " + table + " WHERE ctid IN (SELECT ctid FROM " + table + " WHERE " + column
                + " < CAST(? AS TIMESTAMPTZ) LIMIT " + SLICE + ")";
        int total = 0;
        for (int deleted = SLICE; deleted == SLICE; ) {
            deleted = ownTransaction.execute(status -> db.execute(sql, before.atOffset(java.time.ZoneOffset.UTC)));
            total += deleted;
        }
        return total;
    }
}
