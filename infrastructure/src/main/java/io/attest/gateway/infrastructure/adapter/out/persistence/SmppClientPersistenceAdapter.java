package io.attest.gateway.infrastructure.adapter.out.persistence;

import io.attest.gateway.application.smppclient.port.in.SubmitFromSmppClientUseCase.Address;
import io.attest.gateway.application.smppclient.port.out.SmppClientMessagePort;
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
class SmppClientPersistenceAdapter implements SmppCredentialStorePort, SmppClientMessagePort, SmppDeliveryCursorPort {

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
                    max_binds, window_size, submits_per_second, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (system_id) DO NOTHING""", c.systemId(), c.accountId(), c.passwordHash(), c.description(),
                c.allowedAddresses().toArray(String[]::new), c.maxBinds(), c.window(), c.submitsPerSecond(),
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
                r.get("submits_per_second", Integer.class), r.get("created_at", OffsetDateTime.class).toInstant());
    }

    @Override
    public void remember(SubmittedMessage m) {
        db.execute("""
                INSERT INTO smpp_client_message (message_id, account_id, system_id, registered_delivery, source_addr,
                    source_ton, source_npi, dest_addr, dest_ton, dest_npi, submitted_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", m.messageId(), m.accountId(), m.systemId(),
                (short) m.registeredDelivery(), m.sourceAddress().digits(), (short) m.sourceAddress().ton(),
                (short) m.sourceAddress().npi(), m.destinationAddress().digits(), (short) m.destinationAddress().ton(),
                (short) m.destinationAddress().npi(), Timestamp.from(m.submittedAt()));
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
                        r.get("submitted_at", OffsetDateTime.class).toInstant()))
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
}
