package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.application.shared.CommandBatches;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.compliance.ComplianceDecision;
import io.attest.gateway.domain.compliance.ComplianceRule;
import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.domain.message.AcceptMessageCommand;
import io.attest.gateway.domain.message.MessageContent;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Group commit on the real event store: the commands of a batch are appended and committed in one PostgreSQL
 * transaction (their rows share one transaction id), and a batch that cannot be committed leaves nothing behind.
 */
class GroupCommitOnPostgresTest extends GatewayTestBase {

    @Autowired
    CommandGateway commandGateway;

    @Autowired
    TransactionManager transactions;

    @Autowired
    DSLContext db;

    private static AcceptMessageCommand blockedMessage(MessageId id) {
        Instant now = Instant.now();
        // blocked at acceptance: recorded, never dispatched
        return new AcceptMessageCommand(id, AccountId.of("acme"), PhoneNumber.of(ACME_SENDER),
                PhoneNumber.of("+15557650901"), MessageContent.of("group commit"), CampaignId.of("acme-otp"),
                UseCase.TWO_FACTOR_AUTHENTICATION, MessagePurpose.CLIENT,
                new ComplianceDecision.Blocked(ComplianceRule.CONSENT_MISSING, "no consent", "test"), now,
                now.plusSeconds(3600));
    }

    private List<Long> transactionsOf(MessageId... ids) {
        return db.fetch("SELECT DISTINCT xmin::text::bigint FROM domain_event_entry WHERE aggregate_identifier IN ("
                        + String.join(",", java.util.Collections.nCopies(ids.length, "?")) + ")",
                (Object[]) java.util.Arrays.stream(ids).map(MessageId::value).toArray())
                .getValues(0, Long.class);
    }

    private long eventsOf(MessageId id) {
        return db.fetchOne("SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = ?", id.value())
                .get(0, Long.class);
    }

    @Test
    void theCommandsOfABatchAreCommittedInOneTransaction() {
        MessageId first = MessageId.of(UUID.randomUUID().toString());
        MessageId second = MessageId.of(UUID.randomUUID().toString());

        new CommandBatches(commandGateway, transactions, 100).sendTogether(List.of(blockedMessage(first),
                blockedMessage(second)));

        assertThat(eventsOf(first)).isEqualTo(2); // accepted, blocked
        assertThat(eventsOf(second)).isEqualTo(2);
        assertThat(transactionsOf(first, second)).hasSize(1);
    }

    @Test
    void aBatchWithACommandThatCannotBeRecordedRecordsNoneOfIt() {
        MessageId existing = MessageId.of(UUID.randomUUID().toString());
        commandGateway.sendAndWait(blockedMessage(existing));
        MessageId fresh = MessageId.of(UUID.randomUUID().toString());

        assertThatThrownBy(() -> new CommandBatches(commandGateway, transactions, 100).sendTogether(List.of(
                blockedMessage(fresh), blockedMessage(existing)))) // the second accept of one message id fails
                .isInstanceOf(RuntimeException.class);

        assertThat(eventsOf(fresh)).as("nothing of the failed batch is written").isZero();
        assertThat(eventsOf(existing)).isEqualTo(2);
    }

    @Test
    void concurrentSendersEachGetTheirOwnCommandsOutcome() throws Exception {
        MessageId existing = MessageId.of(UUID.randomUUID().toString());
        commandGateway.sendAndWait(blockedMessage(existing));
        CommandBatches batches = new CommandBatches(commandGateway, transactions, 100);
        MessageId fresh = MessageId.of(UUID.randomUUID().toString());
        var callers = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var good = callers.submit(() -> batches.sendAndWait(blockedMessage(fresh)));
            var bad = callers.submit(() -> batches.sendAndWait(blockedMessage(existing)));
            good.get(15, java.util.concurrent.TimeUnit.SECONDS);
            assertThatThrownBy(() -> bad.get(15, java.util.concurrent.TimeUnit.SECONDS))
                    .isInstanceOf(java.util.concurrent.ExecutionException.class);
        } finally {
            callers.shutdown();
        }
        assertThat(eventsOf(fresh)).isEqualTo(2);
        assertThat(eventsOf(existing)).isEqualTo(2);
    }
}
