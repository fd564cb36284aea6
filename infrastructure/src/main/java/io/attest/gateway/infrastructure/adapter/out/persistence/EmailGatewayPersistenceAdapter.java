package io.attest.gateway.infrastructure.adapter.out.persistence;

import io.attest.gateway.application.email.port.out.EmailGatewayStorePort;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Email-to-SMS settings, credentials, origins and the fan-out's position in PostgreSQL. */
@Component
class EmailGatewayPersistenceAdapter implements EmailGatewayStorePort {

    private final DSLContext db;

    EmailGatewayPersistenceAdapter(DSLContext db) {
        this.db = db;
    }

    private static List<String> list(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    @Override
    public Optional<StoredSettings> settings(String accountId) {
        return db.fetchOptional("SELECT * FROM email_gateway_account WHERE account_id = ?", accountId)
                .map(r -> new StoredSettings(accountId, r.get("enabled", Boolean.class),
                        list(r.get("numbers", String.class)), list(r.get("allowed_senders", String.class)),
                        r.get("replies_by_email", Boolean.class), r.get("receipts_by_email", Boolean.class)));
    }

    @Override
    public void putSettings(StoredSettings s) {
        db.execute("""
                INSERT INTO email_gateway_account (account_id, enabled, numbers, allowed_senders, replies_by_email,
                                                   receipts_by_email, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, now())
                ON CONFLICT (account_id) DO UPDATE SET enabled = excluded.enabled, numbers = excluded.numbers,
                    allowed_senders = excluded.allowed_senders, replies_by_email = excluded.replies_by_email,
                    receipts_by_email = excluded.receipts_by_email, updated_at = excluded.updated_at""",
                s.accountId(), s.enabled(), String.join(",", s.numbers()), String.join(",", s.allowedSenders()),
                s.repliesByEmail(), s.receiptsByEmail());
    }

    @Override
    public boolean anyForwarding() {
        return db.fetchExists(db.selectOne().from("email_gateway_account")
                .where("enabled AND (replies_by_email OR receipts_by_email)"));
    }

    @Override
    public boolean insertCredential(StoredCredential c) {
        return db.execute("""
                INSERT INTO email_gateway_credential (username, account_id, password_hash, description, created_at)
                VALUES (?, ?, ?, ?, ?::timestamptz) ON CONFLICT DO NOTHING""",
                c.username(), c.accountId(), c.passwordHash(), c.description(), c.createdAt().toString()) == 1;
    }

    @Override
    public Optional<StoredCredential> credential(String username) {
        return db.fetchOptional("SELECT * FROM email_gateway_credential WHERE username = ?", username)
                .map(EmailGatewayPersistenceAdapter::credential);
    }

    @Override
    public List<StoredCredential> credentials(String accountId) {
        return db.fetch("SELECT * FROM email_gateway_credential WHERE account_id = ? ORDER BY created_at, username",
                accountId).map(EmailGatewayPersistenceAdapter::credential);
    }

    private static StoredCredential credential(Record r) {
        return new StoredCredential(r.get("username", String.class), r.get("account_id", String.class),
                r.get("password_hash", String.class), r.get("description", String.class),
                r.get("created_at", OffsetDateTime.class).toInstant());
    }

    @Override
    public boolean deleteCredential(String accountId, String username) {
        return db.execute("DELETE FROM email_gateway_credential WHERE account_id = ? AND username = ?", accountId,
                username) == 1;
    }

    @Override
    public void recordOrigin(Origin o) {
        db.execute("""
                INSERT INTO email_origin (message_id, account_id, sender, from_number, to_number, at)
                VALUES (?, ?, ?, ?, ?, ?::timestamptz) ON CONFLICT DO NOTHING""",
                o.messageId(), o.accountId(), o.sender(), o.fromNumber(), o.toNumber(), o.at().toString());
    }

    @Override
    public Optional<Origin> lastOrigin(String accountId, String fromNumber, String toNumber) {
        return db.fetchOptional("""
                SELECT * FROM email_origin WHERE account_id = ? AND from_number = ? AND to_number = ?
                ORDER BY at DESC LIMIT 1""", accountId, fromNumber, toNumber).map(EmailGatewayPersistenceAdapter::origin);
    }

    @Override
    public Optional<Origin> origin(String messageId) {
        return db.fetchOptional("SELECT * FROM email_origin WHERE message_id = ?", messageId)
                .map(EmailGatewayPersistenceAdapter::origin);
    }

    private static Origin origin(Record r) {
        return new Origin(r.get("message_id", String.class), r.get("account_id", String.class),
                r.get("sender", String.class), r.get("from_number", String.class), r.get("to_number", String.class),
                r.get("at", OffsetDateTime.class).toInstant());
    }

    @Override
    public java.util.OptionalLong claimFanOut(String owner, java.time.Instant now, java.time.Instant leaseUntil) {
        return db.fetchOptional("""
                UPDATE email_fanout_cursor SET owner = ?, lease_until = ?::timestamptz
                WHERE id = 1 AND (owner IS NULL OR owner = ? OR lease_until < ?::timestamptz)
                RETURNING feed_id""", owner, leaseUntil.toString(), owner, now.toString())
                .map(r -> java.util.OptionalLong.of(r.get(0, Long.class))).orElse(java.util.OptionalLong.empty());
    }

    @Override
    public void advanceFanOut(String owner, long position) {
        db.execute("UPDATE email_fanout_cursor SET feed_id = ? WHERE id = 1 AND owner = ?", position, owner);
    }
}
