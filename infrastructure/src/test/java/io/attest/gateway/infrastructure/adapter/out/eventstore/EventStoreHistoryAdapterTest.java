package io.attest.gateway.infrastructure.adapter.out.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.DomainEventStream;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the history adapter remembers: committed events only, also when it reads inside a unit of work (the send
 * decision does), so the next read asks the store only for what came after them.
 */
class EventStoreHistoryAdapterTest {

    /** The sequence number each read of the store started from. */
    private final List<Long> readsFrom = new ArrayList<>();
    private final InMemoryEventStorageEngine engine = new InMemoryEventStorageEngine() {
        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            readsFrom.add(firstSequenceNumber);
            return super.readEvents(aggregateIdentifier, firstSequenceNumber);
        }
    };
    private final EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(engine).build();
    private final EventStoreHistoryAdapter adapter = new EventStoreHistoryAdapter(store, 100);

    @AfterEach
    void shutDown() {
        store.shutDown();
    }

    @Test
    void aReadOutsideAnyUnitOfWorkIsRememberedAndTheNextReadAsksOnlyForNewerEvents() {
        append("consent-1", 0, "granted");
        append("consent-1", 1, "renewed");

        assertThat(adapter.history("consent-1", String.class)).extracting(r -> r.event()).containsExactly("granted", "renewed");
        append("consent-1", 2, "revoked");
        assertThat(adapter.history("consent-1", String.class)).extracting(r -> r.event())
                .containsExactly("granted", "renewed", "revoked");

        assertThat(readsFrom).containsExactly(0L, 2L);
    }

    @Test
    void aReadInsideAUnitOfWorkIsRememberedOnceItCommits() {
        append("consent-1", 0, "granted");

        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        assertThat(adapter.history("consent-1", String.class)).hasSize(1);
        unitOfWork.commit();
        adapter.history("consent-1", String.class);

        assertThat(readsFrom).containsExactly(0L, 1L);
    }

    @Test
    void aReadInsideAUnitOfWorkThatRollsBackIsForgotten() {
        append("consent-1", 0, "granted");

        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        assertThat(adapter.history("consent-1", String.class)).hasSize(1);
        unitOfWork.rollback();
        adapter.history("consent-1", String.class);

        assertThat(readsFrom).containsExactly(0L, 0L);
    }

    @Test
    void aRememberedHistoryServesAsThePrefixOfAReadInsideAUnitOfWork() {
        append("consent-1", 0, "granted");
        adapter.history("consent-1", String.class);

        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        assertThat(adapter.history("consent-1", String.class)).extracting(r -> r.event()).containsExactly("granted");
        unitOfWork.rollback();

        assertThat(readsFrom).containsExactly(0L, 1L);
    }

    private void append(String aggregate, long sequence, String payload) {
        DomainEventMessage<String> event = new GenericDomainEventMessage<>("Consent", aggregate, sequence, payload);
        engine.appendEvents(event);
    }
}
