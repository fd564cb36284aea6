package io.attest.gateway.infrastructure.adapter.out.persistence;

import io.attest.gateway.application.smppclient.port.in.SubmitFromSmppClientUseCase.Address;
import io.attest.gateway.application.smppclient.port.out.SmppClientMessagePort;
import io.attest.gateway.application.smppclient.port.out.SmppClientPartPort;
import io.attest.gateway.application.smppclient.port.out.SmppCredentialStorePort;
import io.attest.gateway.application.smppclient.port.out.SmppDeliveryCursorPort;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongUnaryOperator;
import java.util.stream.Collectors;

/** SMPP credentials, the messages SMPP clients submitted, and each account's delivery cursor, in PostgreSQL. */
@Component
class SmppClientPersistenceAdapter implements SmppCredentialStorePort, SmppClientMessagePort, SmppDeliveryCursorPort,
        SmppClientPartPort {

    private final DSLContext db;
    private final TransactionTemplate own;

    SmppClientPersistenceAdapter(DSLContext db, PlatformTransactionManager transactionManager) {
        this.db = db;
        this.own = Transactions.ownTransaction(transactionManager);
    }

    @Override
    public boolean insert(StoredCredential c) {
        return db.execute("""
                INSERT INTO smpp_client_credential (system_id, account_id, password_hash, description, allowed_addresses,
                    max_binds, window_size, submits_per_second, gsm7_packed, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (system_id) DO NOTHING""", c.systemId(), c.accountId(), c.passwordHash(), c.description(),
                c.allowedAddresses().toArray(String[]::new), c.maxBinds(), c.window(), c.submitsPerSecond(), c.gsm7Packed(),
                Timestamp.from(c.createdAt())) == 1;
    }

    @Override
    public Optional<StoredCredential> find(String systemId) {
        return db.fetch("SELECT * FROM smpp_client_credential WHERE system_id = ?", systemId).stream()
                .map(SmppClientPersistenceAdapter::credential).findFirst();
    }

    @Override
    public List<StoredCredential> ofAccount(String accountId) {
        return db.fetch("SELECT * FROM smpp_client_credential WHERE account_id = ? ORDER BY created_at, system_id",
                accountId).stream().map(SmppClientPersistenceAdapter::credential).toList();
    }

    @Override
    public boolean delete(String accountId, String systemId) {
        return db.execute("DELETE FROM smpp_client_credential WHERE account_id = ? AND system_id = ?", accountId,
                systemId) == 1;
    }

    @Override
    public void startCursor(String accountId) {
        db.execute("""
                INSERT INTO smpp_client_cursor (account_id, position)
                SELECT ?, coalesce(max(position), 0) FROM account_event WHERE account_id = ?
                ON CONFLICT (account_id) DO NOTHING""", accountId, accountId);
    }

    private static StoredCredential credential(Record r) {
        Object addresses = r.get("allowed_addresses");
        List<String> allowed = addresses instanceof Object[] array
                ? Arrays.stream(array).map(String::valueOf).toList() : List.of();
        return new StoredCredential(r.get("system_id", String.class), r.get("account_id", String.class),
                r.get("password_hash", String.class), r.get("description", String.class), allowed,
                r.get("max_binds", Integer.class), r.get("window_size", Integer.class),
                r.get("submits_per_second", Integer.class), Boolean.TRUE.equals(r.get("gsm7_packed", Boolean.class)),
                r.get("created_at", OffsetDateTime.class).toInstant());
    }

    @Override
    public void remember(SubmittedMessage m) {
        db.execute("""
                INSERT INTO smpp_client_message (message_id, account_id, system_id, registered_delivery, source_addr,
                    source_ton, source_npi, dest_addr, dest_ton, dest_npi, submitted_at, parts)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (message_id) DO UPDATE SET registered_delivery = excluded.registered_delivery,
                    submitted_at = excluded.submitted_at""", m.messageId(), m.accountId(), m.systemId(),
                (short) m.registeredDelivery(), m.sourceAddress().digits(), (short) m.sourceAddress().ton(),
                (short) m.sourceAddress().npi(), m.destinationAddress().digits(), (short) m.destinationAddress().ton(),
                (short) m.destinationAddress().npi(), Timestamp.from(m.submittedAt()), (short) m.parts());
    }

    @Override
    public void forget(String messageId) {
        db.execute("DELETE FROM smpp_client_message WHERE message_id = ?", messageId);
    }

    @Override
    public Map<String, SubmittedMessage> find(Collection<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Map.of();
        }
        return db.fetch("SELECT * FROM smpp_client_message WHERE message_id = ANY(?)",
                        (Object) messageIds.toArray(String[]::new)).stream()
                .map(r -> new SubmittedMessage(r.get("message_id", String.class), r.get("account_id", String.class),
                        r.get("system_id", String.class), r.get("registered_delivery", Integer.class),
                        new Address(r.get("source_addr", String.class), r.get("source_ton", Byte.class),
                                r.get("source_npi", Byte.class)),
                        new Address(r.get("dest_addr", String.class), r.get("dest_ton", Byte.class),
                                r.get("dest_npi", Byte.class)),
                        r.get("submitted_at", OffsetDateTime.class).toInstant(), r.get("parts", Integer.class)))
                .collect(Collectors.toMap(SubmittedMessage::messageId, Function.identity()));
    }

    @Override
    public long withCursor(String accountId, LongUnaryOperator delivery) {
        Long result = own.execute(status -> {
            Long position = db.fetchOptional("SELECT position FROM smpp_client_cursor WHERE account_id = ? "
                    + "FOR UPDATE SKIP LOCKED", accountId).map(r -> r.get(0, Long.class)).orElse(null);
            if (position == null) {
                return -1L;
            }
            long next = delivery.applyAsLong(position);
            if (next != position) {
                db.execute("UPDATE smpp_client_cursor SET position = ? WHERE account_id = ?", next, accountId);
            }
            return next;
        });
        return result == null ? -1 : result;
    }

    @Override
    public PartSet store(PartKey key, int sequence, byte[] octets, byte dataCoding, String newMessageId) {
        return own.execute(status -> {
            db.execute("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", lockName(key));
            String messageId = db.fetchOptional("""
                    SELECT message_id FROM smpp_client_part WHERE account_id = ? AND source = ? AND destination = ?
                    AND reference = ? AND total = ? LIMIT 1""", key.accountId(), key.source(), key.destination(),
                    key.reference(), key.total()).map(r -> r.get(0, String.class)).orElse(newMessageId);
            db.execute("""
                    INSERT INTO smpp_client_part (account_id, source, destination, reference, total, sequence, message_id,
                        octets, data_coding, received_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, now())
                    ON CONFLICT (account_id, source, destination, reference, total, sequence)
                    DO UPDATE SET octets = excluded.octets, data_coding = excluded.data_coding""", key.accountId(),
                    key.source(), key.destination(), key.reference(), key.total(), sequence, messageId, octets,
                    (short) dataCoding);
            List<StoredPart> parts = db.fetch("""
                    SELECT sequence, octets, data_coding FROM smpp_client_part WHERE account_id = ? AND source = ?
                    AND destination = ? AND reference = ? AND total = ? ORDER BY sequence""", key.accountId(),
                    key.source(), key.destination(), key.reference(), key.total()).stream()
                    .map(r -> new StoredPart(r.get(0, Integer.class), r.get(1, byte[].class), r.get(2, Byte.class)))
                    .toList();
            return new PartSet(messageId, parts);
        });
    }

    private static String lockName(PartKey key) {
        return "smpp-part:" + key.accountId() + ":" + key.source() + ":" + key.destination() + ":" + key.reference()
                + ":" + key.total();
    }

    @Override
    public void forget(PartKey key) {
        db.execute("DELETE FROM smpp_client_part WHERE account_id = ? AND source = ? AND destination = ? "
                + "AND reference = ? AND total = ?", key.accountId(), key.source(), key.destination(), key.reference(),
                key.total());
    }

    @Override
    public void forget(PartKey key, int sequence) {
        db.execute("DELETE FROM smpp_client_part WHERE account_id = ? AND source = ? AND destination = ? "
                + "AND reference = ? AND total = ? AND sequence = ?", key.accountId(), key.source(), key.destination(),
                key.reference(), key.total(), sequence);
    }

    @Override
    public List<Abandoned> forgetIncompleteSince(java.time.Instant cutoff) {
        return db.fetch("""
                WITH old AS (
                    SELECT account_id, source, destination, reference, total FROM smpp_client_part
                    GROUP BY account_id, source, destination, reference, total HAVING min(received_at) < ?)
                DELETE FROM smpp_client_part p USING old WHERE p.account_id = old.account_id AND p.source = old.source
                    AND p.destination = old.destination AND p.reference = old.reference AND p.total = old.total
                RETURNING p.account_id, p.source, p.destination, p.reference, p.total, p.message_id, p.sequence""",
                        Timestamp.from(cutoff)).stream()
                .collect(Collectors.groupingBy(r -> new PartKey(r.get(0, String.class), r.get(1, String.class),
                        r.get(2, String.class), r.get(3, Integer.class), r.get(4, Integer.class)),
                        java.util.LinkedHashMap::new, Collectors.toList()))
                .entrySet().stream().map(e -> new Abandoned(e.getKey(), e.getValue().getFirst().get(5, String.class),
                        e.getValue().stream().map(r -> r.get(6, Integer.class)).sorted().toList()))
                .toList();
    }
}
