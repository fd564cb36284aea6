package io.attest.gateway.audit.trail;

import io.attest.gateway.application.audit.port.in.VerifyAuditTrailQuery.ChainStatus;
import io.attest.gateway.audit.signing.AuditSigner;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.eventhandling.GenericEventMessage;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signed checkpoints on a real PostgreSQL: they verify, and they catch what the hash chain alone cannot: a chain
 * rewritten consistently from some entry on, a truncated chain, and a checkpoint row forged by direct SQL.
 */
class AuditCheckpointsTest {

    private static final AccountId ACME = AccountId.of("acme");
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    @RegisterExtension
    static final TestDatabase.PerClass database = TestDatabase.perClass();
    private final DSLContext db = database.db();

    @TempDir
    static Path keys;

    private AuditTrailRecorder recorder;
    private AuditCheckpoints checkpoints;
    private AuditSigner signer;

    private void asOwner(String sql) {
        db.execute("ALTER TABLE audit_entry DISABLE TRIGGER USER");
        db.execute("ALTER TABLE audit_checkpoint DISABLE TRIGGER USER");
        try {
            db.execute(sql);
        } finally {
            db.execute("ALTER TABLE audit_entry ENABLE TRIGGER USER");
            db.execute("ALTER TABLE audit_checkpoint ENABLE TRIGGER USER");
        }
    }

    @BeforeEach
    void threeEntriesAndACheckpoint() {
        asOwner("DELETE FROM audit_entry");
        asOwner("DELETE FROM audit_checkpoint");
        signer = AuditSigner.fromFile(keys.resolve("key.pem"), true);
        recorder = new AuditTrailRecorder(db);
        checkpoints = new AuditCheckpoints(db, signer, new AuditTrailQueries(db));
        for (int i = 1; i <= 3; i++) {
            append("m" + i);
        }
        assertThat(checkpoints.checkpointAll(T0)).isEqualTo(1);
    }

    private void append(String id) {
        MessageAccepted accepted = new MessageAccepted(MessageId.of(id), ACME, PhoneNumber.of("+15551234567"),
                PhoneNumber.of("+15557654321"), "Hi", TextEncoding.GSM_7, 1, CampaignId.of("c"),
                UseCase.TWO_FACTOR_AUTHENTICATION, MessagePurpose.CLIENT, T0, T0.plusSeconds(60));
        recorder.on(accepted, GenericEventMessage.asEventMessage(accepted));
    }

    @Test
    void theCheckpointVerifiesAndANewOneIsSignedOnlyWhenTheChainGrew() {
        ChainStatus status = checkpoints.verify(ACME);
        assertThat(status.valid()).isTrue();
        assertThat(status.checkpointsChecked()).isEqualTo(1);
        assertThat(checkpoints.checkpointAll(T0.plusSeconds(60))).isZero();

        append("m4");
        assertThat(checkpoints.checkpointAll(T0.plusSeconds(120))).isEqualTo(1);
        var list = checkpoints.checkpoints(ACME, 0, 10);
        assertThat(list).extracting(c -> c.entryNumber()).containsExactly(3L, 4L);
        assertThat(AuditSigner.verify(signer.publicKey(), list.get(1).signedText(), list.get(1).signature())).isTrue();
        assertThat(list.get(1).signedText()).isEqualTo("attest-audit-checkpoint/v1\nacme\n4\n"
                + list.get(1).headHash() + "\n2026-11-25T12:02:00.000Z");
    }

    @Test
    void aChainRewrittenConsistentlyIsCaughtByTheCheckpoint() {
        // rewrite entry 2 and recompute every hash after it: the chain alone holds again
        var entries = db.fetch("SELECT * FROM audit_entry WHERE account_id = 'acme' ORDER BY entry_number");
        String previous = entries.get(0).get("entry_hash", String.class);
        for (int i = 1; i < entries.size(); i++) {
            var row = entries.get(i);
            String summary = i == 1 ? "nothing happened here" : row.get("summary", String.class);
            AuditChain.Entry entry = new AuditChain.Entry("acme", row.get("entry_number", Long.class),
                    row.get("event_id", String.class), row.get("message_id", String.class),
                    row.get("event_type", String.class), row.get("occurred_at", java.time.OffsetDateTime.class).toInstant(),
                    summary);
            String hash = AuditChain.hash(previous, entry);
            asOwner("UPDATE audit_entry SET summary = '" + summary + "', previous_hash = '" + previous
                    + "', entry_hash = '" + hash + "' WHERE account_id = 'acme' AND entry_number = " + entry.entryNumber());
            previous = hash;
        }

        ChainStatus status = checkpoints.verify(ACME);

        assertThat(status.firstBrokenEntry()).isNull();
        assertThat(status.valid()).isFalse();
        assertThat(status.firstBadCheckpoint()).isEqualTo(3);
        assertThat(status.problem()).contains("signed a different chain");
    }

    @Test
    void aTruncatedChainIsCaughtByTheCheckpoint() {
        asOwner("DELETE FROM audit_entry WHERE account_id = 'acme' AND entry_number = 3");

        ChainStatus status = checkpoints.verify(ACME);

        assertThat(status.valid()).isFalse();
        assertThat(status.problem()).contains("past the end of the chain");
    }

    @Test
    void aForgedCheckpointIsCaught() {
        String head = db.fetchOne("SELECT entry_hash FROM audit_entry WHERE account_id = 'acme' AND entry_number = 2")
                .get(0, String.class);
        String forged = java.util.Base64.getEncoder().encodeToString(new byte[64]);
        db.execute("INSERT INTO audit_checkpoint (account_id, entry_number, head_hash, created_at, key_id, signature) "
                + "VALUES ('acme', 2, '" + head + "', now(), '" + signer.keyId() + "', '" + forged + "')");

        ChainStatus status = checkpoints.verify(ACME);

        assertThat(status.valid()).isFalse();
        assertThat(status.firstBadCheckpoint()).isEqualTo(2);
        assertThat(status.problem()).contains("forged");
    }

    @Test
    void checkpointsAreAppendOnly() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.execute("DELETE FROM audit_checkpoint"))
                .hasMessageContaining("append-only");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> db.execute("UPDATE audit_checkpoint SET head_hash = head_hash"))
                .hasMessageContaining("append-only");
    }
}
