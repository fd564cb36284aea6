package io.attest.gateway.audit.trail;

import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.domain.message.CarrierMessageId;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageSubmitted;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.eventhandling.GenericEventMessage;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hash chain on a real PostgreSQL, tampered with by direct SQL as the database owner (who can switch
 * off the append-only triggers): every kind of tampering is found, at the entry where it happened.
 */
class AuditChainTamperingTest {

    private static final AccountId ACME = AccountId.of("acme");

    @RegisterExtension
    static final TestDatabase.PerClass database = TestDatabase.perClass();
    private final DSLContext db = database.db();
    private AuditTrailRecorder recorder;
    private AuditTrailQueries queries;

    @BeforeEach
    void fiveEntries() {
        asOwner("DELETE FROM audit_entry");
        recorder = new AuditTrailRecorder(db);
        queries = new AuditTrailQueries(db);
        for (int i = 1; i <= 2; i++) {
            MessageAccepted accepted = new MessageAccepted(MessageId.of("m" + i), ACME, PhoneNumber.of("+15551234567"),
                    PhoneNumber.of("+15557654321"), "Hi \"quoted\"\n" + i, TextEncoding.GSM_7, 1, CampaignId.of("c"),
                    UseCase.TWO_FACTOR_AUTHENTICATION, MessagePurpose.CLIENT, null, Instant.parse("2026-12-01T00:00:00Z"));
            recorder.on(accepted, GenericEventMessage.asEventMessage(accepted));
            MessageSubmitted submitted = new MessageSubmitted(MessageId.of("m" + i), CarrierMessageId.of("c" + i));
            recorder.on(submitted, GenericEventMessage.asEventMessage(submitted));
        }
        MessageAccepted third = new MessageAccepted(MessageId.of("m3"), ACME, PhoneNumber.of("+15551234567"),
                PhoneNumber.of("+15557654321"), "Hi", TextEncoding.GSM_7, 1, CampaignId.of("c"),
                UseCase.TWO_FACTOR_AUTHENTICATION, MessagePurpose.CLIENT, null, Instant.parse("2026-12-01T00:00:00Z"));
        recorder.on(third, GenericEventMessage.asEventMessage(third));
    }

    private void asOwner(String sql) {
        db.execute("ALTER TABLE audit_entry DISABLE TRIGGER USER");
        try {
            db.execute(sql);
        } finally {
            db.execute("ALTER TABLE audit_entry ENABLE TRIGGER USER");
        }
    }

    @Test
    void anUntouchedChainHolds() {
        AuditChain.Verification verification = queries.verify(ACME);

        assertThat(verification.valid()).isTrue();
        assertThat(verification.entriesChecked()).isEqualTo(5);
        assertThat(verification.head()).hasSize(64).isNotEqualTo(AuditChain.GENESIS);
    }

    @Test
    void theApplicationCannotChangeOrRemoveEntries() {
        assertThatThrownBy(() -> db.execute("UPDATE audit_entry SET summary = 'x' WHERE entry_number = 1"))
                .hasStackTraceContaining("append-only");
        assertThatThrownBy(() -> db.execute("DELETE FROM audit_entry WHERE entry_number = 1"))
                .hasStackTraceContaining("append-only");
    }

    @Test
    void anEditedEntryIsFound() {
        asOwner("UPDATE audit_entry SET summary = 'delivered, receipt DELIVRD' WHERE entry_number = 3");

        AuditChain.Verification verification = queries.verify(ACME);

        assertThat(verification.firstBrokenEntry()).isEqualTo(3L);
        assertThat(verification.problem()).contains("changed");
    }

    @Test
    void anEditedEntryWhoseHashWasRecomputedIsFoundAtTheNextOne() {
        asOwner("UPDATE audit_entry SET summary = 'forged' WHERE entry_number = 2");
        var forged = db.resultQuery("SELECT * FROM audit_entry WHERE entry_number = 2").fetchOne();
        String rehash = AuditChain.hash(forged.get("previous_hash", String.class), new AuditChain.Entry("acme", 2,
                forged.get("event_id", String.class), forged.get("message_id", String.class),
                forged.get("event_type", String.class),
                forged.get("occurred_at", java.time.OffsetDateTime.class).toInstant(), "forged"));
        asOwner("UPDATE audit_entry SET entry_hash = '" + rehash + "' WHERE entry_number = 2");

        assertThat(queries.verify(ACME).firstBrokenEntry()).isEqualTo(3L);
    }

    @Test
    void aDeletedEntryIsFound() {
        asOwner("DELETE FROM audit_entry WHERE entry_number = 2");

        AuditChain.Verification verification = queries.verify(ACME);

        assertThat(verification.firstBrokenEntry()).isEqualTo(2L);
        assertThat(verification.problem()).contains("missing");
    }

    @Test
    void aDeletedLastEntryChangesTheHeadThatWasAnchored() {
        String head = queries.verify(ACME).head();
        asOwner("DELETE FROM audit_entry WHERE entry_number = 5");

        AuditChain.Verification after = queries.verify(ACME);

        assertThat(after.valid()).isTrue(); // a shorter chain is consistent in itself...
        assertThat(after.head()).isNotEqualTo(head); // ...but no longer ends at the head anchored before
    }

    @Test
    void reorderedEntriesAreFound() {
        asOwner("UPDATE audit_entry SET entry_number = 100 WHERE entry_number = 2");
        asOwner("UPDATE audit_entry SET entry_number = 2 WHERE entry_number = 3");
        asOwner("UPDATE audit_entry SET entry_number = 3 WHERE entry_number = 100");

        assertThat(queries.verify(ACME).firstBrokenEntry()).isEqualTo(2L);
    }

    @Test
    void anInsertedEntryIsFound() {
        asOwner("UPDATE audit_entry SET entry_number = entry_number + 1000 WHERE entry_number >= 3");
        asOwner("UPDATE audit_entry SET entry_number = entry_number - 999 WHERE entry_number >= 1000");
        asOwner("INSERT INTO audit_entry (account_id, entry_number, event_id, message_id, event_type, occurred_at, summary,"
                + " previous_hash, entry_hash) SELECT account_id, 3, 'forged-event', message_id, event_type, occurred_at,"
                + " 'delivered', entry_hash, repeat('a', 64) FROM audit_entry WHERE entry_number = 2");

        assertThat(queries.verify(ACME).firstBrokenEntry()).isEqualTo(3L);
    }

    @Test
    void theCanonicalFormIsSortedCompactAndEscaped() {
        String canonical = AuditChain.canonical(new AuditChain.Entry("acme", 1, "e1", "m1", "MessageAccepted",
                Instant.parse("2026-11-25T12:00:00Z"), "Hi \"you\"\n"));

        assertThat(canonical).isEqualTo("{\"accountId\":\"acme\",\"entryNumber\":1,\"eventId\":\"e1\","
                + "\"eventType\":\"MessageAccepted\",\"messageId\":\"m1\",\"occurredAt\":\"2026-11-25T12:00:00.000Z\","
                + "\"summary\":\"Hi \\\"you\\\"\\n\"}");
    }
}
