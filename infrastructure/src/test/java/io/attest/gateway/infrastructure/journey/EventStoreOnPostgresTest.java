package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.config.AxonConfiguration;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.Configuration;
import org.axonframework.eventhandling.TrackingEventProcessor;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The event store is PostgreSQL through Axon's JDBC engine, in Spring transactions, with readable JSON. */
class EventStoreOnPostgresTest extends GatewayTestBase {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    io.attest.gateway.infrastructure.adapter.out.persistence.MessageTextKeys texts;

    @Autowired
    Configuration axon;

    @Autowired
    EventStorageEngine storageEngine;

    @Autowired
    TokenStore tokenStore;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void theWritesThatTheEventStoreCanMakeAgainCommitWithoutWaitingForTheDiskAndTheTrailWaits() {
        // the dispatch position and the message read model are made again from the events after a crash
        assertThat(synchronousCommitIn(AxonConfiguration.DISPATCH_PROCESSOR)).isEqualTo("off");
        assertThat(synchronousCommitIn(AxonConfiguration.READ_MODEL_PROCESSOR)).isEqualTo("off");
        // the audit chain, the consent ledger and the event feed (whose ids clients page by) wait for the disk
        assertThat(synchronousCommitIn(AxonConfiguration.AUDIT_TRAIL_PROCESSOR)).isEqualTo("on");
        assertThat(synchronousCommitIn(AxonConfiguration.CONSENT_LEDGER_PROCESSOR)).isEqualTo("on");
        assertThat(synchronousCommitIn(AxonConfiguration.EVENT_FEED_PROCESSOR)).isEqualTo("on");
    }

    private String synchronousCommitIn(String processor) {
        org.axonframework.common.transaction.Transaction transaction =
                axon.eventProcessingConfiguration().transactionManager(processor).startTransaction();
        try {
            return jdbc.queryForObject("SHOW synchronous_commit", String.class);
        } finally {
            transaction.commit();
        }
    }

    @Test
    void axonRunsOnTheJdbcEngineWithSpringTransactionsAndTrackingProcessors() {
        assertThat(storageEngine).isInstanceOf(JdbcEventStorageEngine.class)
                .isInstanceOf(io.attest.gateway.infrastructure.adapter.out.eventstore.DeserializedOnceEventStorageEngine.class);
        assertThat(axon.eventBus()).isInstanceOf(EmbeddedEventStore.class);
        assertThat(axon.getComponent(TransactionManager.class)).isInstanceOf(SpringTransactionManager.class);
        assertThat(tokenStore).isInstanceOf(JdbcTokenStore.class);
        for (String processor : List.of(AxonConfiguration.DISPATCH_PROCESSOR, AxonConfiguration.READ_MODEL_PROCESSOR,
                AxonConfiguration.AUDIT_TRAIL_PROCESSOR, AxonConfiguration.EVENT_FEED_PROCESSOR,
                AxonConfiguration.CONSENT_LEDGER_PROCESSOR)) {
            assertThat(axon.eventProcessingConfiguration().eventProcessor(processor))
                    .as(processor).get().isInstanceOf(TrackingEventProcessor.class);
        }
        // one subscribing processor, for the compliance read model and the metrics: each costs every event a unit of work
        assertThat(axon.eventProcessingConfiguration().eventProcessors().values())
                .filteredOn(org.axonframework.eventhandling.SubscribingEventProcessor.class::isInstance)
                .extracting(org.axonframework.eventhandling.EventProcessor::getName)
                .containsExactly(AxonConfiguration.COMPLIANCE_READ_MODEL_PROCESSOR);
    }

    @Test
    void theReadSideFollowsTheStoreInGatheredBatchesAndDispatchFollowsItDirectly() {
        for (String processor : List.of(AxonConfiguration.READ_MODEL_PROCESSOR, AxonConfiguration.AUDIT_TRAIL_PROCESSOR,
                AxonConfiguration.EVENT_FEED_PROCESSOR, AxonConfiguration.CONSENT_LEDGER_PROCESSOR,
                AxonConfiguration.DISPATCH_PROCESSOR)) {
            var tracking = (TrackingEventProcessor) axon.eventProcessingConfiguration().eventProcessor(processor)
                    .orElseThrow();
            assertThat(tracking.getMessageSource()).as(processor)
                    .isInstanceOf(io.attest.gateway.infrastructure.adapter.out.eventstore.GatheringEventSource.class);
            // the streams it opens: gathering on the read side (100 ms by default), the store's own for dispatch
            try (var stream = tracking.getMessageSource().openStream(null)) {
                boolean gathering = stream.getClass().getEnclosingClass()
                        == io.attest.gateway.infrastructure.adapter.out.eventstore.GatheringEventSource.class;
                assertThat(gathering).as(processor).isEqualTo(!processor.equals(AxonConfiguration.DISPATCH_PROCESSOR));
            }
        }
    }

    @Test
    void eventsThisNodeAppendedAreReadBackAsTheObjectsTheyWereAppendedWithWhichEqualTheirStoredForm() {
        String token = acmeToken();
        consentToAcmeCodes("+15557654321");
        long before = jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
        String id = client.sendMessage(token, ACME_SENDER, "+15557654321", "Your code is 777111").json().get("id").asString();
        awaitStatus(token, id, "delivered");

        // read twice from the store's tracked stream: the same objects each time, so none was deserialised
        List<Object> first = trackedPayloadsOf(id, before);
        List<Object> second = trackedPayloadsOf(id, before);
        assertThat(first).hasSize(5);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).as("event %d", i).isSameAs(first.get(i));
        }
        // and equal to what deserialising the stored form gives (the aggregate's stream is always deserialised)
        List<Object> stored = storageEngine.readEvents(id).asStream()
                .map(org.axonframework.eventhandling.EventMessage::getPayload).map(Object.class::cast).toList();
        assertThat(stored).hasSize(5);
        for (int i = 0; i < stored.size(); i++) {
            assertThat(stored.get(i)).as("event %d", i).isNotSameAs(first.get(i)).isEqualTo(first.get(i));
        }
        assertThat(((io.attest.gateway.domain.message.MessageAccepted) first.getFirst()).text())
                .isEqualTo("Your code is 777111");
    }

    private List<Object> trackedPayloadsOf(String messageId, long after) {
        try (var events = storageEngine.readEvents(
                org.axonframework.eventhandling.GapAwareTrackingToken.newInstance(after, java.util.Set.of()), false)) {
            return events.filter(event -> event instanceof org.axonframework.eventhandling.DomainEventMessage<?> domain
                            && domain.getAggregateIdentifier().equals(messageId))
                    .map(org.axonframework.eventhandling.EventMessage::getPayload).map(Object.class::cast).toList();
        }
    }

    @Test
    void theEmbeddedDatabaseFlushesEachCommitBeforeItIsAcknowledged() {
        // a 202 says the message is stored: a commit acknowledged before its WAL is flushed could vanish in a crash
        assertThat(jdbc.queryForObject("SHOW synchronous_commit", String.class)).isEqualTo("on");
        assertThat(jdbc.queryForObject("SHOW fsync", String.class)).isEqualTo("on");
    }

    @Test
    void storedEventsCannotBeChangedOrRemovedEvenWithPlainSql() {
        consentToAcmeCodes("+15557654321");
        Long anyEvent = jdbc.queryForObject("SELECT min(global_index) FROM domain_event_entry", Long.class);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.update(
                        "UPDATE domain_event_entry SET payload = '{}' WHERE global_index = ?", anyEvent))
                .hasStackTraceContaining("append-only");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.update(
                        "DELETE FROM domain_event_entry WHERE global_index = ?", anyEvent))
                .hasStackTraceContaining("append-only");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.execute("TRUNCATE domain_event_entry"))
                .hasStackTraceContaining("append-only");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE global_index = ?",
                Integer.class, anyEvent)).isEqualTo(1);
    }

    @Test
    void eachDecisionIsAJsonRowInDomainEventEntryAndTheReadSideFollows() {
        String token = acmeToken();
        consentToAcmeCodes("+15557654321");
        String id = client.sendMessage(token, ACME_SENDER, "+15557654321", "Your code is 654321").json().get("id").asString();
        awaitStatus(token, id, "delivered");

        List<Map<String, Object>> rows = jdbc.queryForList("""
                SELECT global_index, payload_type, payload, time_stamp, sequence_number
                FROM domain_event_entry WHERE aggregate_identifier = ? ORDER BY sequence_number""", id);
        assertThat(rows).extracting(row -> row.get("payload_type")).containsExactly(
                "io.attest.gateway.domain.message.MessageAccepted",
                "io.attest.gateway.domain.message.MessageCleared",
                "io.attest.gateway.domain.message.MessageSubmissionAttempted",
                "io.attest.gateway.domain.message.MessageSubmitted",
                "io.attest.gateway.domain.message.MessageDelivered");
        JsonNode accepted = JSON.readTree((String) rows.get(0).get("payload"));
        assertThat(accepted.get("messageId").asString()).isEqualTo(id);
        assertThat(accepted.get("accountId").asString()).isEqualTo("acme");
        assertThat(accepted.get("to").asString()).isEqualTo("+15557654321");
        assertThat(accepted.get("text").asString()).startsWith("sealed:v1:codes:").doesNotContain("654321");
        assertThat(texts.unseal(accepted.get("text").asString())).isEqualTo("Your code is 654321");
        assertThat(accepted.get("encoding").asString()).isEqualTo("GSM_7");
        Instant.parse((String) rows.get(0).get("time_stamp")); // ISO-8601, not epoch numbers
        JsonNode delivered = JSON.readTree((String) rows.get(4).get("payload"));
        assertThat(delivered.get("receipt").get("carrierStatus").asString()).isEqualTo("DELIVRD");

        long lastIndex = ((Number) rows.get(4).get("global_index")).longValue();
        for (String processor : List.of(AxonConfiguration.READ_MODEL_PROCESSOR, AxonConfiguration.AUDIT_TRAIL_PROCESSOR)) {
            // each follows the store in batches of its own: it reaches the message's last event soon after it is stored
            io.attest.gateway.infrastructure.support.Eventually.awaitTrue(BOUND, processor + " at " + lastIndex,
                    () -> JSON.readTree(jdbc.queryForObject("SELECT token FROM token_entry WHERE processor_name = ? "
                            + "AND segment = 0", String.class, processor)).get("index").asLong() >= lastIndex);
        }

        assertThat(jdbc.queryForObject("SELECT status FROM delivery_status WHERE message_id = ?", String.class, id))
                .isEqualTo("DELIVERED");
        assertThat(jdbc.queryForList("SELECT event FROM message_timeline WHERE message_id = ? ORDER BY sequence",
                String.class, id)).containsExactly("MessageAccepted", "MessageCleared", "MessageSubmissionAttempted",
                "MessageSubmitted", "MessageDelivered");
        assertThat(jdbc.queryForList("SELECT event_type FROM audit_entry WHERE message_id = ? ORDER BY entry_number",
                String.class, id)).containsExactly("MessageAccepted", "MessageCleared", "MessageSubmissionAttempted", "MessageSubmitted",
                "MessageDelivered");
    }
}
