package io.attest.gateway.infrastructure.adapter.out.eventstore;

import io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/** Reads one aggregate's events from Axon's event store (PostgreSQL), in order. */
@Component
class EventStoreHistoryAdapter implements ComplianceHistoryPort {

    private final EventStore eventStore;

    EventStoreHistoryAdapter(EventStore eventStore) {
        this.eventStore = eventStore;
    }

    @Override
    public <E> List<Recorded<E>> history(String aggregateId, Class<E> eventType) {
        List<Recorded<E>> events = new ArrayList<>();
        var stream = eventStore.readEvents(aggregateId);
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            if (eventType.isInstance(message.getPayload())) {
                events.add(new Recorded<>(eventType.cast(message.getPayload()), message.getTimestamp(),
                        message.getSequenceNumber()));
            }
        }
        return events;
    }
}
