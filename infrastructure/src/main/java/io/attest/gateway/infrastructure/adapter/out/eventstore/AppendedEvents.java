package io.attest.gateway.infrastructure.adapter.out.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.Message;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events this node appended last, by identifier, so that reading one back needs no deserialisation: its stored
 * form was serialised from these very objects (domain events are records of values, and the event mapper writes every
 * component), so deserialising it gives equal ones. A read event takes the remembered payload and metadata and keeps
 * its stored token, type, aggregate, sequence number and timestamp.
 *
 * <p>At most {@code capacity} events are remembered, the oldest forgotten first; an event read back is kept, for a
 * processor that reads it later. An identifier is unique in the store, so an event whose transaction rolled back is
 * never read back: it is just forgotten with the oldest.
 */
final class AppendedEvents {

    /** About ten seconds of events at a thousand messages a second; a few megabytes. */
    static final int REMEMBERED = 8192;

    private final Map<String, EventMessage<?>> byIdentifier;

    AppendedEvents(int capacity) {
        this.byIdentifier = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, EventMessage<?>> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers events just written. */
    void remember(List<? extends EventMessage<?>> events) {
        synchronized (byIdentifier) {
            for (EventMessage<?> event : events) {
                byIdentifier.put(event.getIdentifier(), event);
            }
        }
    }

    /** The read event with the payload and metadata it was appended with, or null when it is not remembered. */
    TrackedEventMessage<?> withObjects(TrackedEventMessage<?> read) {
        EventMessage<?> appended;
        synchronized (byIdentifier) {
            appended = byIdentifier.get(read.getIdentifier());
        }
        if (appended == null) {
            return null;
        }
        Message<?> objects = objects(read.getIdentifier(), appended);
        if (read instanceof DomainEventMessage<?> domain) {
            return new GenericTrackedDomainEventMessage<>(read.trackingToken(), domain.getType(),
                    domain.getAggregateIdentifier(), domain.getSequenceNumber(), objects, read::getTimestamp);
        }
        return new GenericTrackedEventMessage<>(read.trackingToken(), objects, read::getTimestamp);
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // the payload is of its payload type: it was appended as one
    private static Message<?> objects(String identifier, EventMessage<?> appended) {
        return new GenericMessage(identifier, appended.getPayloadType(), appended.getPayload(), appended.getMetaData());
    }

    /** How many events are remembered. */
    int size() {
        synchronized (byIdentifier) {
            return byIdentifier.size();
        }
    }
}
