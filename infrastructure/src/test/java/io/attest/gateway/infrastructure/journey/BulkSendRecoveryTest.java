package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.application.bulk.BulkSendService;
import io.attest.gateway.application.bulk.port.in.BulkSendUseCase;
import io.attest.gateway.application.bulk.port.in.BulkSendUseCase.State;
import io.attest.gateway.application.message.port.in.SendMessageUseCase;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.infrastructure.support.Eventually;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bulk sends kept in the database: a send a stopped node left half done is taken up and finished with every row sent
 * once, a check it left is failed with the reason, another account never sees a batch, old batches are forgotten.
 */
class BulkSendRecoveryTest extends GatewayTestBase {

    private static final AccountId ACME = AccountId.of("acme");

    @Autowired
    BulkSendUseCase bulk;

    @Autowired
    SendMessageUseCase sends;

    @Autowired
    DataSource dataSource;

    /** Rows from memory, as the console's file reader gives them. */
    private static BulkSendUseCase.RowSource rows(String... lines) {
        Iterator<String> each = Arrays.asList(lines).iterator();
        return new BulkSendUseCase.RowSource() {
            @Override
            public List<String> next() {
                return each.hasNext() ? Arrays.asList(each.next().split(",", -1)) : null;
            }

            @Override
            public void close() {
            }
        };
    }

    private BulkSendUseCase.Batch awaitState(String id, State state) {
        Eventually.awaitTrue(BOUND, "batch " + id + " " + state,
                () -> bulk.batch(ACME, id).orElseThrow().state() == state);
        return bulk.batch(ACME, id).orElseThrow();
    }

    private String previewed(String... recipients) throws Exception {
        List<String> lines = new ArrayList<>(List.of("to,text"));
        for (String recipient : recipients) {
            lines.add(recipient + ",Your code is 5150");
        }
        var batch = bulk.start(ACME, ACME_SENDER, null, null, "codes.csv", rows(lines.toArray(String[]::new)));
        assertThat(batch.state()).isEqualTo(State.CHECKING);
        return awaitState(batch.id(), State.PREVIEW).id();
    }

    @Test
    void aSendAStoppedNodeLeftHalfDoneIsFinishedWithEveryRowSentOnce() throws Exception {
        List<String> recipients = List.of("+15557662401", "+15557662402", "+15557662403", "+15557662404",
                "+15557662405");
        recipients.forEach(this::consentToAcmeCodes);
        String blocked = "+15557662409"; // no consent
        List<String> all = new ArrayList<>(recipients);
        all.add(2, blocked);
        String id = previewed(all.toArray(String[]::new));
        var preview = bulk.batch(ACME, id).orElseThrow();
        assertThat(preview.checked()).isEqualTo(6);
        assertThat(preview.passing()).isEqualTo(5);
        assertThat(preview.counts()).containsEntry("will send", 5).containsEntry("blocked by consent.missing", 1);

        // a node confirmed it, sent rows 1 and 2 (row 1's outcome recorded, row 2's not) and stopped
        var jdbc = new JdbcTemplate(dataSource);
        jdbc.update("UPDATE bulk_send SET state = 'SENDING', lease_owner = 'stopped-node', "
                + "lease_until = now() + interval '1 hour' WHERE id = ?", id);
        for (int row = 1; row <= 2; row++) {
            var accepted = sends.send(new SendMessageUseCase.SendMessage(ACME, ACME_SENDER, recipients.get(row - 1),
                    "Your code is 5150", null, BulkSendService.messageIdOf(id, row), null, null, null));
            assertThat(accepted.status().name()).isNotEqualTo("BLOCKED");
        }
        jdbc.update("UPDATE bulk_send_row SET message_id = ?, sent_outcome = 'accepted' WHERE bulk_send_id = ? "
                + "AND number = 1", BulkSendService.messageIdOf(id, 1).value(), id);
        jdbc.update("UPDATE bulk_send SET done = 1, sent = 1, lease_until = now() - interval '1 second' WHERE id = ?",
                id);
        // a confirm now changes nothing: the batch is being sent
        assertThat(bulk.confirm(ACME, id)).isFalse();

        bulk.takeUpAbandoned();
        var sent = awaitState(id, State.SENT);

        assertThat(sent.done()).isEqualTo(5);
        assertThat(sent.sent()).isEqualTo(5);
        assertThat(sent.percent()).isEqualTo(100);
        List<BulkSendUseCase.Row> rows = new ArrayList<>();
        bulk.eachRow(ACME, id, rows::add);
        assertThat(rows).hasSize(6);
        for (BulkSendUseCase.Row row : rows) {
            if (row.to().equals(blocked)) {
                assertThat(row.messageId()).isNull();
                assertThat(row.sentOutcome()).isNull();
            } else {
                assertThat(row.messageId()).isEqualTo(BulkSendService.messageIdOf(id, row.number()).value());
            }
        }
        String acme = acmeToken();
        for (String recipient : recipients) {
            assertThat(client.get("/v1/messages?to=" + recipient.replace("+", "%2B"), acme).json().get("messages"))
                    .as(recipient).hasSize(1);
        }
    }

    @Test
    void aCheckAStoppedNodeLeftFailsWithTheReasonAndNothingIsSent() throws Exception {
        String id = previewed("+15557662501");
        var jdbc = new JdbcTemplate(dataSource);
        jdbc.update("UPDATE bulk_send SET state = 'CHECKING', lease_owner = 'stopped-node', "
                + "lease_until = now() - interval '1 second' WHERE id = ?", id);

        bulk.takeUpAbandoned();

        var failed = awaitState(id, State.FAILED);
        assertThat(failed.failure()).contains("upload the file again");
        assertThat(bulk.confirm(ACME, id)).isFalse();
        assertThat(client.get("/v1/messages?to=%2B15557662501", acmeToken()).json().get("messages")).isEmpty();
    }

    @Test
    @Tag("security")
    void anotherAccountNeitherSeesNorSendsABatch() throws Exception {
        String id = previewed("+15557662601");
        AccountId globex = AccountId.of("globex");

        assertThat(bulk.batch(globex, id)).isEmpty();
        assertThat(bulk.firstRows(globex, id, 10)).isEmpty();
        List<BulkSendUseCase.Row> seen = new ArrayList<>();
        bulk.eachRow(globex, id, seen::add);
        assertThat(seen).isEmpty();
        assertThat(bulk.confirm(globex, id)).isFalse();
        assertThat(bulk.batch(ACME, id).orElseThrow().state()).isEqualTo(State.PREVIEW);
    }

    @Test
    void aBatchPastItsRetentionIsForgottenWithItsRows() throws Exception {
        String id = previewed("+15557662701", "+15557662702");
        var jdbc = new JdbcTemplate(dataSource);
        jdbc.update("UPDATE bulk_send SET created_at = now() - interval '31 days' WHERE id = ?", id);

        bulk.takeUpAbandoned();

        assertThat(bulk.batch(ACME, id)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM bulk_send_row WHERE bulk_send_id = ?", Long.class, id))
                .isZero();
    }

    @Test
    void aRowsTextIsStoredSealedAndABlockedRowsNotAtAll() throws Exception {
        consentToAcmeCodes("+15557662801");
        String id = previewed("+15557662801", "+15557662802");
        var jdbc = new JdbcTemplate(dataSource);
        String stored = jdbc.queryForObject(
                "SELECT text FROM bulk_send_row WHERE bulk_send_id = ? AND number = 1", String.class, id);
        assertThat(stored).isNotBlank().doesNotContain("5150");
        assertThat(jdbc.queryForObject("SELECT text FROM bulk_send_row WHERE bulk_send_id = ? AND number = 2",
                String.class, id)).isNull();
    }
}
