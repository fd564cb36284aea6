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
        // to the millisecond: the column keeps microseconds, the instant may carry nanoseconds
        OffsetDateTime since = receivedSince.truncatedTo(java.time.temporal.ChronoUnit.MILLIS)
                .atOffset(java.time.ZoneOffset.UTC);
        return noTransaction.execute(status -> jdbc.query(UNMATCHED, (row, number) -> new DeliveryReceipt(carrierMessageId,
                ReceiptOutcome.valueOf(row.getString(1)), row.getString(2), row.getString(3), row.getString(4)),
                carrierMessageId.value(), since));
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
