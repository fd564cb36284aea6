package io.attest.gateway.infrastructure.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.attest.gateway.application.message.MessageDispatcher;
import io.attest.gateway.audit.trail.AuditTrailRecorder;
import io.attest.gateway.domain.brand.Brand;
import io.attest.gateway.domain.campaign.Campaign;
import io.attest.gateway.domain.consent.SubscriberConsent;
import io.attest.gateway.domain.inbound.InboundMessage;
import io.attest.gateway.domain.message.Message;
import io.attest.gateway.domain.number.SenderNumber;
import io.attest.gateway.projections.compliance.ComplianceReadModelProjector;
import io.attest.gateway.projections.events.AccountEventFeedProjector;
import io.attest.gateway.projections.message.MessageReadModelProjector;
import io.attest.gateway.infrastructure.cluster.GatewayNode;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.UnitOfWorkAwareConnectionProviderWrapper;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventhandling.tokenstore.TokenStore;
import org.axonframework.eventhandling.tokenstore.jdbc.JdbcTokenStore;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jpa.SQLStateResolver;
import org.axonframework.eventhandling.tokenstore.jdbc.TokenSchema;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.axonframework.spring.jdbc.SpringDataSourceConnectionProvider;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Axon wired by hand to the PostgreSQL DataSource: JDBC event store and token store, Spring transactions,
 * JSON events. Axon 4.13's own JDBC and transaction auto-configuration orders itself after Spring Boot 3's
 * class names; on Boot 4 it would run before the DataSource exists and fall back to no event store and no
 * transactions without a word. Declaring the beans here takes that ordering out of play.
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfiguration {

    public static final String DISPATCH_PROCESSOR = "message-dispatch";
    public static final String READ_MODEL_PROCESSOR = "message-read-model";
    public static final String AUDIT_TRAIL_PROCESSOR = "audit-trail";
    public static final String EVENT_FEED_PROCESSOR = "event-feed";
    public static final String CONSENT_LEDGER_PROCESSOR = "consent-ledger";
    /**
     * Subscribing: the read models the send policy consults change in the same transaction as the events. The message
     * metrics count there too, as it commits, on the node that records it: one subscribing processor instead of two,
     * since each event costs each subscribing processor a unit of work of its own (docs/performance.md).
     */
    public static final String COMPLIANCE_READ_MODEL_PROCESSOR = "compliance-read-model";

    /** Jackson 2 mapper for Axon (Boot 4's own JSON is Jackson 3): ISO-8601 times, tolerant of new fields. */
    /** Message texts in events are stored sealed (docs/security.md#message-text), through the key ring found lazily. */
    @Bean("defaultAxonObjectMapper")
    public ObjectMapper axonObjectMapper(
            org.springframework.beans.factory.ObjectProvider<io.attest.gateway.application.message.port.out.SealMessageTextPort> texts,
            java.time.Clock clock) {
        return io.attest.gateway.infrastructure.adapter.out.eventstore.SealedTextModule.apply(JsonMapper.builder(),
                        texts::getObject, clock)
                .addModule(new JavaTimeModule())
                .addModule(new SingleValueRecordsModule("io.attest.gateway.domain."))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
    }

    @Bean
    @Primary
    public Serializer serializer(@Qualifier("defaultAxonObjectMapper") ObjectMapper mapper) {
        return JacksonSerializer.builder().objectMapper(mapper).lenientDeserialization().build();
    }

    @Bean
    @Qualifier("eventSerializer")
    public Serializer eventSerializer(@Qualifier("defaultAxonObjectMapper") ObjectMapper mapper) {
        return JacksonSerializer.builder().objectMapper(mapper).lenientDeserialization().build();
    }

    @Bean
    @Qualifier("messageSerializer")
    public Serializer messageSerializer(@Qualifier("defaultAxonObjectMapper") ObjectMapper mapper) {
        return JacksonSerializer.builder().objectMapper(mapper).lenientDeserialization().build();
    }

    @Bean
    public PlatformTransactionManager transactionManager(DataSource dataSource) {
        return new JdbcTransactionManager(dataSource);
    }

    @Bean
    public TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    @Bean
    public ConnectionProvider axonConnectionProvider(DataSource dataSource) {
        return new UnitOfWorkAwareConnectionProviderWrapper(new SpringDataSourceConnectionProvider(dataSource));
    }

    @Bean
    public EventStorageEngine eventStorageEngine(@Qualifier("eventSerializer") Serializer eventSerializer,
                                                 Serializer snapshotSerializer,
                                                 ConnectionProvider axonConnectionProvider,
                                                 TransactionManager axonTransactionManager) {
        // the events the processors follow are deserialised once, by the thread that reads them (see the class)
        return new io.attest.gateway.infrastructure.adapter.out.eventstore.DeserializedOnceEventStorageEngine(
                JdbcEventStorageEngine.builder()
                .connectionProvider(axonConnectionProvider)
                .transactionManager(axonTransactionManager)
                .eventSerializer(eventSerializer)
                .snapshotSerializer(snapshotSerializer)
                // PgJDBC reports a duplicate key as SQLState 23505: that is how Axon detects concurrent writes
                .persistenceExceptionResolver(new SQLStateResolver("23505"))
                .schema(EventSchema.builder()
                        .eventTable("domain_event_entry")
                        .snapshotTable("snapshot_event_entry")
                        .globalIndexColumn("global_index")
                        .timestampColumn("time_stamp")
                        .eventIdentifierColumn("event_identifier")
                        .aggregateIdentifierColumn("aggregate_identifier")
                        .sequenceNumberColumn("sequence_number")
                        .typeColumn("type")
                        .payloadTypeColumn("payload_type")
                        .payloadRevisionColumn("payload_revision")
                        .payloadColumn("payload")
                        .metaDataColumn("meta_data")
                        .build())
                .dataType(String.class));
    }

    @Bean
    public TokenStore tokenStore(Serializer serializer, ConnectionProvider axonConnectionProvider,
                                 GatewayNode gatewayNode) {
        return JdbcTokenStore.builder()
                .connectionProvider(axonConnectionProvider)
                .nodeId(gatewayNode.id()) // the owner of its claims, as the node table knows it
                .serializer(serializer)
                .schema(TokenSchema.builder()
                        .setTokenTable("token_entry")
                        .setProcessorNameColumn("processor_name")
                        .setSegmentColumn("segment")
                        .setTokenColumn("token")
                        .setTokenTypeColumn("token_type")
                        .setTimestampColumn("timestamp")
                        .setOwnerColumn("owner")
                        .build())
                .contentType(String.class)
                .claimTimeout(Duration.ofSeconds(10))
                .build();
    }

    /**
     * Registers the aggregates (the domain carries no Spring stereotype) and the event processors: all
     * tracking, and a handler that fails stops its processor, which retries with back-off instead of
     * skipping the event.
     */
    @Bean
    public ConfigurerModule gatewayAxonModule(
            @org.springframework.beans.factory.annotation.Value("${gateway.dispatch.parallelism:8}") int dispatchParallelism,
            @org.springframework.beans.factory.annotation.Value("${gateway.dispatch.message-cache:true}") boolean messageCache,
            @org.springframework.beans.factory.annotation.Value("${gateway.dispatch.batch-size:10}") int dispatchBatch,
            @org.springframework.beans.factory.annotation.Value("${gateway.event-processing.every-commit-waits-for-disk:false}")
            boolean everyCommitWaitsForDisk,
            @org.springframework.beans.factory.annotation.Value("${gateway.event-processing.read-side-gather:100ms}")
            Duration readSideGather,
            @org.springframework.beans.factory.annotation.Value("${gateway.dispatch.gather:0ms}") Duration dispatchGather,
            TransactionManager axonTransactionManager, DataSource dataSource) {
        // the dispatch position and the message read model can be made again from the event store: their commits need
        // not wait for the disk (see the class); the audit trail, the consent ledger and the event feed do
        TransactionManager noFlushWait = everyCommitWaitsForDisk ? axonTransactionManager
                : new NoFlushWaitTransactionManager(axonTransactionManager,
                        new org.springframework.jdbc.core.JdbcTemplate(dataSource));
        return configurer -> {
            // a message takes several commands in quick succession (accept, begin submission, submitted, receipt):
            // a cache spares reloading its events each time. Weak references: memory bounds itself. The cache is
            // only right while one node sends the commands of a message: a command that finds a stale entry and
            // stores nothing (another node released it meanwhile) would not notice. Several nodes turn it off.
            if (messageCache) {
                configurer.configureAggregate(org.axonframework.config.AggregateConfigurer.defaultConfiguration(Message.class)
                        .configureCache(configuration -> new org.axonframework.common.caching.WeakReferenceCache()));
            } else {
                configurer.configureAggregate(Message.class);
            }
            configurer.configureAggregate(Brand.class);
            configurer.configureAggregate(Campaign.class);
            configurer.configureAggregate(SenderNumber.class);
            configurer.configureAggregate(SubscriberConsent.class);
            configurer.configureAggregate(InboundMessage.class);
            configurer.eventProcessing(processing -> processing
                    .usingTrackingEventProcessors()
                    .registerSubscribingEventProcessor(COMPLIANCE_READ_MODEL_PROCESSOR)
                    .assignHandlerTypesMatching(COMPLIANCE_READ_MODEL_PROCESSOR,
                            type -> type == ComplianceReadModelProjector.class
                                    || type == io.attest.gateway.projections.compliance.RegistryEntryProjector.class
                                    || type == io.attest.gateway.infrastructure.metrics.MessageMetrics.class)
                    .assignHandlerTypesMatching(DISPATCH_PROCESSOR, type -> type == MessageDispatcher.class)
                    .assignHandlerTypesMatching(READ_MODEL_PROCESSOR, type -> type == MessageReadModelProjector.class)
                    .assignHandlerTypesMatching(AUDIT_TRAIL_PROCESSOR, type -> type == AuditTrailRecorder.class)
                    .assignHandlerTypesMatching(EVENT_FEED_PROCESSOR, type -> type == AccountEventFeedProjector.class)
                    .assignHandlerTypesMatching(CONSENT_LEDGER_PROCESSOR,
                            type -> type == io.attest.gateway.audit.ledger.ConsentLedgerProjector.class)
                    // submits of different messages run side by side (a message's own events stay in order: the
                    // default sequencing is per aggregate); each segment stores its own position, once per batch of
                    // up to 10 events. A batch that fails is handled again from its start: the messages it had
                    // already submitted refuse a second BeginSubmission, so none goes twice.
                    .registerTrackingEventProcessor(DISPATCH_PROCESSOR, gathered(dispatchGather, dispatchBatch),
                            configuration -> TrackingEventProcessorConfiguration.forParallelProcessing(dispatchParallelism)
                                    .andInitialSegmentsCount(dispatchParallelism).andBatchSize(dispatchBatch)));
            // the read side: one thread each, many events per transaction, and the events that arrive close together
            // gathered into one batch (one transaction, one commit, one token update): see GatheringEventSource
            for (String readSide : java.util.List.of(READ_MODEL_PROCESSOR, AUDIT_TRAIL_PROCESSOR, EVENT_FEED_PROCESSOR,
                    CONSENT_LEDGER_PROCESSOR)) {
                configurer.eventProcessing().registerTrackingEventProcessor(readSide,
                        gathered(readSideGather, READ_SIDE_BATCH),
                        configuration -> TrackingEventProcessorConfiguration.forSingleThreadedProcessing()
                                .andBatchSize(READ_SIDE_BATCH));
            }
            configurer.eventProcessing(processing -> processing
                    .registerTransactionManager(DISPATCH_PROCESSOR, configuration -> noFlushWait)
                    .registerTransactionManager(READ_MODEL_PROCESSOR, configuration -> noFlushWait)
                    .registerDefaultListenerInvocationErrorHandler(configuration -> PropagatingErrorHandler.instance()));
        };
    }

    /** The read-side processors' batch size: events per transaction when they are behind. */
    static final int READ_SIDE_BATCH = 100;

    /** The event store as a processor follows it, gathering the events that arrive within {@code gather}. */
    private static java.util.function.Function<org.axonframework.config.Configuration,
            org.axonframework.messaging.StreamableMessageSource<org.axonframework.eventhandling.TrackedEventMessage<?>>>
    gathered(Duration gather, int batchSize) {
        return configuration -> new io.attest.gateway.infrastructure.adapter.out.eventstore.GatheringEventSource(
                configuration.eventStore(), gather, batchSize);
    }
}
