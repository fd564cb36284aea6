package io.attest.gateway.infrastructure.adapter.out.persistence;

import io.attest.gateway.application.webhook.port.out.WebhookStorePort;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.Attempt;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.infrastructure.jooq.tables.records.WebhookDeliveryRecord;
import io.attest.gateway.infrastructure.jooq.tables.records.WebhookEndpointRecord;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.attest.gateway.infrastructure.jooq.Tables.WEBHOOK_ATTEMPT;
import static io.attest.gateway.infrastructure.jooq.Tables.WEBHOOK_DELIVERY;
import static io.attest.gateway.infrastructure.jooq.Tables.WEBHOOK_ENDPOINT;
import static io.attest.gateway.infrastructure.jooq.Tables.WEBHOOK_SECRET;

/** Webhook endpoints, secrets, deliveries and attempts in PostgreSQL; every call commits on its own. */
@Component
class WebhookPersistenceAdapter implements WebhookStorePort {

    private static final String MESSAGE_URL = "message-url";

    private final DSLContext db;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final SecretCipher secrets;

    /** @param secrets encrypts the signing secrets before they are stored, decrypts them when they are read */
    WebhookPersistenceAdapter(DSLContext db, JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
                              SecretCipher secrets) {
        this.db = db;
        this.jdbc = jdbc;
        this.tx = Transactions.ownTransaction(transactionManager);
        this.secrets = secrets;
        WebhookSecretsAtRest atRest = new WebhookSecretsAtRest(db, transactionManager, secrets);
        atRest.refuseSecretsOfAnotherKey();
        atRest.encryptPlainSecrets();
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    // ---- endpoints and secrets

    @Override
    public void createEndpoint(Endpoint endpoint, String secret) {
        tx.executeWithoutResult(status -> {
            db.insertInto(WEBHOOK_ENDPOINT)
                    .set(WEBHOOK_ENDPOINT.ID, endpoint.id())
                    .set(WEBHOOK_ENDPOINT.ACCOUNT_ID, endpoint.account().value())
                    .set(WEBHOOK_ENDPOINT.URL, endpoint.url())
                    .set(WEBHOOK_ENDPOINT.EVENT_TYPES, String.join(",", endpoint.eventTypes()))
                    .set(WEBHOOK_ENDPOINT.DESCRIPTION, endpoint.description())
                    .set(WEBHOOK_ENDPOINT.ENABLED, endpoint.enabled())
                    .set(WEBHOOK_ENDPOINT.DISABLED_REASON, endpoint.disabledReason())
                    .set(WEBHOOK_ENDPOINT.CREATED_AT, at(endpoint.createdAt()))
                    .set(WEBHOOK_ENDPOINT.UPDATED_AT, at(endpoint.updatedAt()))
                    .execute();
            insertSecret(endpoint.account(), endpoint.id(), secret, endpoint.createdAt());
        });
    }

    private void insertSecret(AccountId account, String endpointId, String secret, Instant now) {
        db.insertInto(WEBHOOK_SECRET)
                .set(WEBHOOK_SECRET.ACCOUNT_ID, account.value())
                .set(WEBHOOK_SECRET.ENDPOINT_ID, endpointId)
                .set(WEBHOOK_SECRET.SECRET, secrets.encrypt(secret))
                .set(WEBHOOK_SECRET.CREATED_AT, at(now))
                .execute();
    }

    private static Endpoint endpoint(WebhookEndpointRecord r) {
        Set<String> types = r.getEventTypes().isEmpty() ? Set.of()
                : new LinkedHashSet<>(Arrays.asList(r.getEventTypes().split(",")));
        return new Endpoint(r.getId(), AccountId.of(r.getAccountId()), r.getUrl(), types, r.getDescription(),
                r.getEnabled(), r.getDisabledReason(), instant(r.getCreatedAt()), instant(r.getUpdatedAt()));
    }

    @Override
    public List<Endpoint> endpoints(AccountId account) {
        return tx.execute(status -> db.selectFrom(WEBHOOK_ENDPOINT)
                .where(WEBHOOK_ENDPOINT.ACCOUNT_ID.eq(account.value()))
                .orderBy(WEBHOOK_ENDPOINT.CREATED_AT, WEBHOOK_ENDPOINT.ID)
                .fetch(WebhookPersistenceAdapter::endpoint));
    }

    @Override
    public List<Endpoint> enabledEndpoints() {
        return tx.execute(status -> db.selectFrom(WEBHOOK_ENDPOINT)
                .where(WEBHOOK_ENDPOINT.ENABLED.isTrue())
                .fetch(WebhookPersistenceAdapter::endpoint));
    }

    @Override
    public Optional<Endpoint> endpoint(AccountId account, String endpointId) {
        return tx.execute(status -> db.selectFrom(WEBHOOK_ENDPOINT)
                .where(WEBHOOK_ENDPOINT.ACCOUNT_ID.eq(account.value()))
                .and(WEBHOOK_ENDPOINT.ID.eq(endpointId))
                .fetchOptional(WebhookPersistenceAdapter::endpoint));
    }

    @Override
    public boolean updateEndpoint(Endpoint endpoint) {
        Integer updated = tx.execute(status -> {
            // deliveries not yet made follow the endpoint to its new URL
            db.update(WEBHOOK_DELIVERY)
                    .set(WEBHOOK_DELIVERY.URL, endpoint.url())
                    .where(WEBHOOK_DELIVERY.ACCOUNT_ID.eq(endpoint.account().value()))
                    .and(WEBHOOK_DELIVERY.ENDPOINT_ID.eq(endpoint.id()))
                    .and(WEBHOOK_DELIVERY.STATUS.in(DeliveryStatus.PENDING.name(), DeliveryStatus.DEAD.name()))
                    .execute();
            return db.update(WEBHOOK_ENDPOINT)
                .set(WEBHOOK_ENDPOINT.URL, endpoint.url())
                .set(WEBHOOK_ENDPOINT.EVENT_TYPES, String.join(",", endpoint.eventTypes()))
                .set(WEBHOOK_ENDPOINT.DESCRIPTION, endpoint.description())
                .set(WEBHOOK_ENDPOINT.ENABLED, endpoint.enabled())
                .set(WEBHOOK_ENDPOINT.DISABLED_REASON, endpoint.disabledReason())
                .set(WEBHOOK_ENDPOINT.UPDATED_AT, at(endpoint.updatedAt()))
                .where(WEBHOOK_ENDPOINT.ACCOUNT_ID.eq(endpoint.account().value()))
                .and(WEBHOOK_ENDPOINT.ID.eq(endpoint.id()))
                .execute();
        });
        return updated != null && updated == 1;
    }

    @Override
    public void disableEndpoint(AccountId account, String endpointId, String reason, Instant now) {
        tx.executeWithoutResult(status -> {
            db.update(WEBHOOK_ENDPOINT)
                    .set(WEBHOOK_ENDPOINT.ENABLED, false)
                    .set(WEBHOOK_ENDPOINT.DISABLED_REASON, reason)
                    .set(WEBHOOK_ENDPOINT.UPDATED_AT, at(now))
                    .where(WEBHOOK_ENDPOINT.ACCOUNT_ID.eq(account.value()))
                    .and(WEBHOOK_ENDPOINT.ID.eq(endpointId))
                    .execute();
            deadLetterPending(account, endpointId, "endpoint disabled: " + reason);
        });
    }

    private void deadLetterPending(AccountId account, String endpointId, String error) {
        db.update(WEBHOOK_DELIVERY)
                .set(WEBHOOK_DELIVERY.STATUS, DeliveryStatus.DEAD.name())
                .set(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT, (OffsetDateTime) null)
                .set(WEBHOOK_DELIVERY.LAST_ERROR, error.length() > 1000 ? error.substring(0, 1000) : error)
                .where(WEBHOOK_DELIVERY.ACCOUNT_ID.eq(account.value()))
                .and(WEBHOOK_DELIVERY.ENDPOINT_ID.eq(endpointId))
                .and(WEBHOOK_DELIVERY.STATUS.eq(DeliveryStatus.PENDING.name()))
                .execute();
    }

    @Override
    public boolean deleteEndpoint(AccountId account, String endpointId, Instant now) {
        Boolean deleted = tx.execute(status -> {
            int rows = db.deleteFrom(WEBHOOK_ENDPOINT)
                    .where(WEBHOOK_ENDPOINT.ACCOUNT_ID.eq(account.value()))
                    .and(WEBHOOK_ENDPOINT.ID.eq(endpointId))
                    .execute();
            if (rows == 0) {
                return false;
            }
            db.deleteFrom(WEBHOOK_SECRET)
                    .where(WEBHOOK_SECRET.ACCOUNT_ID.eq(account.value()))
                    .and(WEBHOOK_SECRET.ENDPOINT_ID.eq(endpointId))
                    .execute();
            deadLetterPending(account, endpointId, "endpoint deleted at " + now);
            return true;
        });
        return Boolean.TRUE.equals(deleted);
    }

    private static Condition owner(AccountId account, String endpointId) {
        return WEBHOOK_SECRET.ACCOUNT_ID.eq(account.value()).and(endpointId == null
                ? WEBHOOK_SECRET.ENDPOINT_ID.isNull() : WEBHOOK_SECRET.ENDPOINT_ID.eq(endpointId));
    }

    @Override
    public void addSecret(AccountId account, String endpointId, String secret, Instant now, Instant previousUntil) {
        tx.executeWithoutResult(status -> {
            db.update(WEBHOOK_SECRET)
                    .set(WEBHOOK_SECRET.EXPIRES_AT, at(previousUntil))
                    .where(owner(account, endpointId))
                    .and(WEBHOOK_SECRET.EXPIRES_AT.isNull().or(WEBHOOK_SECRET.EXPIRES_AT.gt(at(previousUntil))))
                    .execute();
            insertSecret(account, endpointId, secret, now);
        });
    }

    /** Read for each batch of deliveries the poll claims: SQL written once, one statement whoever owns the secret. */
    private static final String ACTIVE_SECRETS = """
            SELECT secret FROM webhook_secret
            WHERE account_id = ? AND endpoint_id IS NOT DISTINCT FROM ? AND (expires_at IS NULL OR expires_at > ?)
            ORDER BY id DESC""";

    @Override
    public List<String> activeSecrets(AccountId account, String endpointId, Instant now) {
        return tx.execute(status -> jdbc.query(connection -> {
            var select = connection.prepareStatement(ACTIVE_SECRETS);
            select.setString(1, account.value());
            select.setString(2, endpointId);
            select.setObject(3, at(now));
            return select;
        }, (row, number) -> row.getString(1))).stream().map(secrets::decrypt).toList();
    }

    // ---- fan-out

    @Override
    public long fanOutCursor() {
        return tx.execute(status -> jdbc.queryForObject("SELECT feed_id FROM webhook_fanout_cursor WHERE id = 1",
                Long.class));
    }

    @Override
    public boolean anyDestinations() {
        return Boolean.TRUE.equals(tx.execute(status -> db.fetchExists(WEBHOOK_ENDPOINT, WEBHOOK_ENDPOINT.ENABLED.isTrue())
                || db.fetchExists(WEBHOOK_SECRET, WEBHOOK_SECRET.ENDPOINT_ID.isNull())));
    }

    /*
     * The fan-out's statements, run every poll while events arrive: SQL written once, the new deliveries as one array
     * per column whatever their number. The cursor row is the fan-out's lock: two nodes never fan the same events out
     * twice over each other.
     */
    private static final String LOCK_FANOUT_CURSOR = "SELECT feed_id FROM webhook_fanout_cursor WHERE id = 1 FOR UPDATE";
    private static final String INSERT_DELIVERIES = """
            INSERT INTO webhook_delivery (account_id, endpoint_id, destination, url, event_id, event_type, message_id,
                sequence, occurred_at, payload, status, attempts, failures_in_a_row, next_attempt_at, created_at)
            SELECT account_id, endpoint_id, destination, url, event_id, event_type, message_id, sequence, occurred_at,
                payload, 'PENDING', 0, 0, due_at, due_at
            FROM unnest(CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]),
                CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(CAST(? AS TEXT[]) AS BIGINT[]),
                CAST(CAST(? AS TEXT[]) AS TIMESTAMPTZ[]), CAST(? AS TEXT[]), CAST(CAST(? AS TEXT[]) AS TIMESTAMPTZ[]))
                AS d(account_id, endpoint_id, destination, url, event_id, event_type, message_id, sequence, occurred_at,
                    payload, due_at)
            ON CONFLICT DO NOTHING""";
    private static final String MOVE_FANOUT_CURSOR = "UPDATE webhook_fanout_cursor SET feed_id = ? WHERE id = 1";

    @Override
    public void fanOut(List<NewDelivery> deliveries, long cursor) {
        tx.executeWithoutResult(status -> {
            Long current = jdbc.queryForObject(LOCK_FANOUT_CURSOR, Long.class);
            if (current != null && current >= cursor) {
                return;
            }
            if (!deliveries.isEmpty()) {
                List<java.util.function.Function<NewDelivery, Object>> columns = List.of(NewDelivery::accountId,
                        NewDelivery::endpointId, d -> d.endpointId() == null ? MESSAGE_URL : d.endpointId(),
                        NewDelivery::url, NewDelivery::eventId, NewDelivery::eventType, NewDelivery::messageId,
                        NewDelivery::sequence, NewDelivery::occurredAt, NewDelivery::payload, NewDelivery::dueAt);
                jdbc.update(connection -> columnsAsArrays(connection.prepareStatement(INSERT_DELIVERIES), connection,
                        deliveries, columns));
            }
            jdbc.update(MOVE_FANOUT_CURSOR, cursor);
        });
    }

    // ---- delivery

    @Override
    public int releaseExpiredLeases(Instant now) {
        // a read first: most polls find nothing, and a write each time would cost a commit each time
        boolean any = Boolean.TRUE.equals(tx.execute(status -> db.fetchExists(WEBHOOK_DELIVERY,
                WEBHOOK_DELIVERY.STATUS.eq(DeliveryStatus.DELIVERING.name())
                        .and(WEBHOOK_DELIVERY.LEASE_UNTIL.lt(at(now))))));
        if (!any) {
            return 0;
        }
        Integer released = tx.execute(status -> db.update(WEBHOOK_DELIVERY)
                .set(WEBHOOK_DELIVERY.STATUS, DeliveryStatus.PENDING.name())
                .set(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT, at(now))
                .set(WEBHOOK_DELIVERY.LEASE_UNTIL, (OffsetDateTime) null)
                .where(WEBHOOK_DELIVERY.STATUS.eq(DeliveryStatus.DELIVERING.name()))
                .and(WEBHOOK_DELIVERY.LEASE_UNTIL.lt(at(now)))
                .execute());
        return released == null ? 0 : released;
    }

    /** Polled by every delivery thread many times a second: SQL written once, the busy URLs as one array. */
    private static final String DESTINATIONS_DUE = """
            SELECT url FROM webhook_delivery
            WHERE status = 'PENDING' AND next_attempt_at <= ? AND NOT (url = ANY(CAST(? AS TEXT[])))
            GROUP BY url ORDER BY min(next_attempt_at) LIMIT ?""";

    @Override
    public List<String> destinationsDue(Instant now, int limit, java.util.Collection<String> busy) {
        return tx.execute(status -> jdbc.query(connection -> {
            var select = connection.prepareStatement(DESTINATIONS_DUE);
            select.setObject(1, at(now));
            select.setArray(2, connection.createArrayOf("text", busy.toArray()));
            select.setInt(3, limit);
            return select;
        }, (row, number) -> row.getString(1)));
    }

    /**
     * Claimed by every delivery thread for each URL with free slots: SQL written once. The deliveries of an endpoint
     * disabled meanwhile stay where they are (the endpoint's disabling makes them dead letters).
     */
    private static final String CLAIM = """
            UPDATE webhook_delivery SET status = 'DELIVERING', lease_until = ?
            WHERE id IN (
                SELECT id FROM webhook_delivery
                WHERE url = ? AND status = 'PENDING' AND next_attempt_at <= ?
                  AND (endpoint_id IS NULL OR endpoint_id IN (SELECT id FROM webhook_endpoint WHERE enabled))
                ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING id, account_id, endpoint_id, url, event_id, event_type, message_id, sequence, occurred_at, payload,
                status, attempts, failures_in_a_row, next_attempt_at, last_status_code, last_error, created_at,
                delivered_at""";

    @Override
    public List<Delivery> claim(String url, int max, Instant now, Instant leaseUntil) {
        List<Delivery> claimed = tx.execute(status -> jdbc.query(connection -> {
            var update = connection.prepareStatement(CLAIM);
            update.setObject(1, at(leaseUntil));
            update.setString(2, url);
            update.setObject(3, at(now));
            update.setInt(4, max);
            return update;
        }, (row, number) -> new Delivery(row.getLong(1), row.getString(2), row.getString(3), row.getString(4),
                row.getString(5), row.getString(6), row.getString(7), row.getLong(8), instantOf(row, 9),
                row.getString(10), DeliveryStatus.valueOf(row.getString(11)), row.getInt(12), row.getInt(13),
                instantOf(row, 14), (Integer) row.getObject(15), row.getString(16), instantOf(row, 17),
                instantOf(row, 18))));
        return claimed.stream().sorted(java.util.Comparator.comparingLong(Delivery::id)).toList();
    }

    private static Instant instantOf(java.sql.ResultSet row, int column) throws java.sql.SQLException {
        return instant(row.getObject(column, OffsetDateTime.class));
    }

    /*
     * The statements of every batch of outcomes: SQL written once whatever the number of attempts, run by JDBC (jOOQ
     * rendered a multi-row insert and an update per attempt anew each time, at more CPU than the driver's own work).
     * The attempts go in as one array per column.
     */
    private static final String INSERT_ATTEMPTS = """
            INSERT INTO webhook_attempt (delivery_id, attempt, account_id, endpoint_id, url, event_id, event_type,
                message_id, attempted_at, status_code, latency_ms, error, outcome)
            SELECT * FROM unnest(CAST(CAST(? AS TEXT[]) AS BIGINT[]), CAST(CAST(? AS TEXT[]) AS INTEGER[]), CAST(? AS TEXT[]),
                CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]),
                CAST(CAST(? AS TEXT[]) AS TIMESTAMPTZ[]), CAST(CAST(? AS TEXT[]) AS INTEGER[]),
                CAST(CAST(? AS TEXT[]) AS BIGINT[]), CAST(? AS TEXT[]), CAST(? AS TEXT[]))
            ON CONFLICT DO NOTHING RETURNING delivery_id, attempt""";
    private static final String ENABLED_ENDPOINTS =
            "SELECT id FROM webhook_endpoint WHERE id = ANY(CAST(? AS TEXT[])) AND enabled";
    private static final String UPDATE_DELIVERY = """
            UPDATE webhook_delivery SET status = ?, attempts = ?, failures_in_a_row = ?, next_attempt_at = ?,
                lease_until = NULL, last_status_code = ?, last_error = ?, delivered_at = ?
            WHERE id = ?""";
    private static final int[] UPDATE_DELIVERY_TYPES = {Types.VARCHAR, Types.INTEGER, Types.INTEGER,
            Types.TIMESTAMP_WITH_TIMEZONE, Types.INTEGER, Types.VARCHAR, Types.TIMESTAMP_WITH_TIMEZONE, Types.BIGINT};

    @Override
    public void recordAttempts(List<RecordedAttempt> attempts) {
        if (attempts.isEmpty()) {
            return;
        }
        tx.executeWithoutResult(status -> {
            // one insert; an attempt number another node recorded after our lease ran out keeps its outcome
            List<java.util.function.Function<RecordedAttempt, Object>> columns = List.of(r -> r.attempt().deliveryId(),
                    r -> r.attempt().attempt(), r -> r.attempt().accountId(), r -> r.attempt().endpointId(),
                    r -> r.attempt().url(), r -> r.attempt().eventId(), r -> r.attempt().eventType(),
                    r -> r.attempt().messageId(), r -> r.attempt().attemptedAt(), r -> r.attempt().statusCode(),
                    r -> r.attempt().latencyMillis(), r -> truncate(r.attempt().error()), r -> r.attempt().outcome());
            Set<List<Long>> inserted = new java.util.HashSet<>(jdbc.query(connection -> columnsAsArrays(
                    connection.prepareStatement(INSERT_ATTEMPTS), connection, attempts, columns),
                    (row, number) -> List.of(row.getLong(1), row.getLong(2))));
            List<RecordedAttempt> ours = attempts.stream().filter(r -> inserted.contains(
                    List.of(r.attempt().deliveryId(), (long) r.attempt().attempt()))).toList();
            // an endpoint disabled or deleted while the request was open takes no more attempts
            Set<String> retrying = new LinkedHashSet<>();
            ours.stream().filter(r -> r.attempt().endpointId() != null && r.next() == DeliveryStatus.PENDING)
                    .forEach(r -> retrying.add(r.attempt().endpointId()));
            Set<String> enabled = retrying.isEmpty() ? Set.of() : new java.util.HashSet<>(jdbc.query(connection -> {
                var select = connection.prepareStatement(ENABLED_ENDPOINTS);
                select.setArray(1, connection.createArrayOf("text", retrying.toArray()));
                return select;
            }, (row, number) -> row.getString(1)));
            List<Object[]> updates = ours.stream().map(recorded -> {
                Attempt attempt = recorded.attempt();
                boolean endpointGone = retrying.contains(attempt.endpointId()) && recorded.next() == DeliveryStatus.PENDING
                        && !enabled.contains(attempt.endpointId());
                DeliveryStatus outcome = endpointGone ? DeliveryStatus.DEAD : recorded.next();
                return new Object[]{outcome.name(), attempt.attempt(), recorded.failuresInARow(),
                        endpointGone ? null : at(recorded.nextAttemptAt()), attempt.statusCode(),
                        truncate(endpointGone ? "endpoint disabled or deleted; last error: " + attempt.error()
                                : attempt.error()),
                        recorded.next() == DeliveryStatus.DELIVERED ? at(attempt.attemptedAt()) : null,
                        attempt.deliveryId()};
            }).toList();
            if (!updates.isEmpty()) {
                jdbc.batchUpdate(UPDATE_DELIVERY, updates, UPDATE_DELIVERY_TYPES); // one round trip for all of them
            }
        });
    }

    /**
     * Binds one text array per column, the column's value of each row in order (null stays null): the statement
     * casts each array to its column's type and unnests them, so its SQL is the same for any number of rows.
     */
    private static <T> java.sql.PreparedStatement columnsAsArrays(java.sql.PreparedStatement statement,
                                                                  java.sql.Connection connection, List<T> rows,
                                                                  List<java.util.function.Function<T, Object>> columns)
            throws java.sql.SQLException {
        for (int column = 0; column < columns.size(); column++) {
            var value = columns.get(column);
            statement.setArray(column + 1, connection.createArrayOf("text", rows.stream().map(value)
                    .map(v -> v == null ? null : v.toString()).toArray()));
        }
        return statement;
    }

    private static String truncate(String error) {
        return error == null || error.length() <= 1000 ? error : error.substring(0, 1000);
    }

    // ---- what the client sees

    private static Delivery delivery(WebhookDeliveryRecord r) {
        return new Delivery(r.getId(), r.getAccountId(), r.getEndpointId(), r.getUrl(), r.getEventId(), r.getEventType(),
                r.getMessageId(), r.getSequence(), instant(r.getOccurredAt()), r.getPayload(),
                DeliveryStatus.valueOf(r.getStatus()), r.getAttempts(), r.getFailuresInARow(),
                instant(r.getNextAttemptAt()), r.getLastStatusCode(), r.getLastError(), instant(r.getCreatedAt()),
                instant(r.getDeliveredAt()));
    }

    @Override
    public List<Delivery> deliveries(AccountId account, DeliveryStatus status, long afterId, int limit) {
        return tx.execute(s -> db.selectFrom(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.ACCOUNT_ID.eq(account.value()))
                .and(status == null ? DSL.noCondition() : WEBHOOK_DELIVERY.STATUS.eq(status.name()))
                .and(WEBHOOK_DELIVERY.ID.gt(afterId))
                .orderBy(WEBHOOK_DELIVERY.ID)
                .limit(limit)
                .fetch(WebhookPersistenceAdapter::delivery));
    }

    @Override
    public Optional<Delivery> delivery(AccountId account, long deliveryId) {
        return tx.execute(s -> db.selectFrom(WEBHOOK_DELIVERY)
                .where(WEBHOOK_DELIVERY.ACCOUNT_ID.eq(account.value()))
                .and(WEBHOOK_DELIVERY.ID.eq(deliveryId))
                .fetchOptional(WebhookPersistenceAdapter::delivery));
    }

    private static Attempt attempt(io.attest.gateway.infrastructure.jooq.tables.records.WebhookAttemptRecord r) {
        return new Attempt(r.getDeliveryId(), r.getAttempt(), r.getAccountId(), r.getEndpointId(), r.getUrl(),
                r.getEventId(), r.getEventType(), r.getMessageId(), instant(r.getAttemptedAt()), r.getStatusCode(),
                r.getLatencyMs(), r.getError(), r.getOutcome());
    }

    @Override
    public List<Attempt> attempts(AccountId account, long deliveryId) {
        return tx.execute(s -> db.selectFrom(WEBHOOK_ATTEMPT)
                .where(WEBHOOK_ATTEMPT.ACCOUNT_ID.eq(account.value()))
                .and(WEBHOOK_ATTEMPT.DELIVERY_ID.eq(deliveryId))
                .orderBy(WEBHOOK_ATTEMPT.ATTEMPT)
                .fetch(WebhookPersistenceAdapter::attempt));
    }

    @Override
    public List<Attempt> attemptsForMessage(AccountId account, String messageId) {
        return tx.execute(s -> db.selectFrom(WEBHOOK_ATTEMPT)
                .where(WEBHOOK_ATTEMPT.MESSAGE_ID.eq(messageId))
                .and(WEBHOOK_ATTEMPT.ACCOUNT_ID.eq(account.value()))
                .orderBy(WEBHOOK_ATTEMPT.ATTEMPTED_AT, WEBHOOK_ATTEMPT.DELIVERY_ID, WEBHOOK_ATTEMPT.ATTEMPT)
                .fetch(WebhookPersistenceAdapter::attempt));
    }

    @Override
    public boolean replay(AccountId account, long deliveryId, Instant now) {
        Integer updated = tx.execute(s -> db.update(WEBHOOK_DELIVERY)
                .set(WEBHOOK_DELIVERY.STATUS, DeliveryStatus.PENDING.name())
                .set(WEBHOOK_DELIVERY.FAILURES_IN_A_ROW, 0)
                .set(WEBHOOK_DELIVERY.NEXT_ATTEMPT_AT, at(now))
                .where(WEBHOOK_DELIVERY.ACCOUNT_ID.eq(account.value()))
                .and(WEBHOOK_DELIVERY.ID.eq(deliveryId))
                .and(WEBHOOK_DELIVERY.STATUS.eq(DeliveryStatus.DEAD.name()))
                .execute());
        return updated != null && updated == 1;
    }
}
