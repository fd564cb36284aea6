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
    /** The aggregates whose last sequence number a read-ahead checked. */
    private final List<String> checked = new ArrayList<>();
    private final InMemoryEventStorageEngine engine = new InMemoryEventStorageEngine() {
        @Override
        public DomainEventStream readEvents(String aggregateIdentifier, long firstSequenceNumber) {
            readsFrom.add(firstSequenceNumber);
            return super.readEvents(aggregateIdentifier, firstSequenceNumber);
        }

        @Override
        public java.util.Optional<Long> lastSequenceNumberFor(String aggregateIdentifier) {
            checked.add(aggregateIdentifier);
            return super.readEvents(aggregateIdentifier, 0).asStream().map(DomainEventMessage::getSequenceNumber)
                    .max(Long::compare);
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

    @Test
    void readingAheadAnswersTheFirstReadOfEachUnchangedAggregateFromMemory_andEveryOtherReadFromTheStore() {
        append("number-1", 0, "assigned");
        append("consent-1", 0, "granted");
        adapter.history("number-1", String.class);
        adapter.history("consent-1", String.class);
        readsFrom.clear();

        List<List<String>> read = adapter.readingAhead(List.of("number-1", "consent-1", "brand-unknown"), () -> List.of(
                events("number-1"), events("consent-1"), events("brand-unknown"), events("consent-1")));

        assertThat(read).containsExactly(List.of("assigned"), List.of("granted"), List.of(), List.of("granted"));
        assertThat(checked).containsExactlyInAnyOrder("number-1", "consent-1"); // only what is remembered is checked
        // the unknown brand and the second read of consent-1 went to the store; the first two reads did not
        assertThat(readsFrom).containsExactly(0L, 1L);
    }

    @Test
    void readingAheadSeesAnEventAppendedAfterTheHistoryWasRemembered() {
        append("consent-1", 0, "granted");
        adapter.history("consent-1", String.class);
        append("consent-1", 1, "revoked"); // by another node: not in what this one remembers
        readsFrom.clear();

        assertThat(adapter.readingAhead(List.of("consent-1"), () -> events("consent-1"))).containsExactly("granted", "revoked");
        assertThat(readsFrom).containsExactly(1L);
    }

    @Test
    void aCheckServesOnlyTheWorkItWasMadeFor() {
        append("consent-1", 0, "granted");
        adapter.history("consent-1", String.class);
        adapter.readingAhead(List.of("consent-1"), () -> "nothing read");
        append("consent-1", 1, "revoked");
        readsFrom.clear();

        assertThat(events("consent-1")).containsExactly("granted", "revoked"); // outside any read-ahead: the store
        assertThat(readsFrom).containsExactly(1L);
    }

    private List<String> events(String aggregate) {
        return adapter.history(aggregate, String.class).stream().map(r -> r.event()).toList();
    }

    private void append(String aggregate, long sequence, String payload) {
        DomainEventMessage<String> event = new GenericDomainEventMessage<>("Consent", aggregate, sequence, payload);
        engine.appendEvents(event);
    }
}
