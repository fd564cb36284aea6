package io.attest.gateway.infrastructure.adapter.out.eventstore;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.serialization.Serializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.stream.Stream;

/**
 * Axon's JDBC event store, with every event that the processors follow turned into objects at most once per node
 * instead of once per processor, and not at all when this node appended it a moment before.
 *
 * <p>The embedded event store reads the events on one thread and hands the same message objects to every processor
 * that follows the head of the store (message read model, event feed, audit trail, consent ledger, dispatch). Their
 * payload and metadata are deserialised lazily, by whichever thread asks first, without a lock: the processors are
 * woken together for each new event and each of them deserialised it again (5–50 % of their CPU in the profile,
 * docs/performance.md). Here the reading thread deserialises payload and metadata while it reads, before any processor
 * sees the message. An event that cannot be deserialised is left lazy, so the processor that handles it fails on it
 * and retries as before, and the reading thread goes on.
 *
 * <p>Most events the processors read were appended on this node a few milliseconds earlier, from objects it still
 * holds: an event read back that this node appended takes the payload and metadata it was appended with instead of
 * deserialising its stored form ({@link AppendedEvents}). Events appended by other nodes, or long enough ago to be
 * forgotten, are deserialised as before.
 */
public class DeserializedOnceEventStorageEngine extends JdbcEventStorageEngine {

    private static final Logger log = LoggerFactory.getLogger(DeserializedOnceEventStorageEngine.class);

    private final AppendedEvents appended = AppendedEvents.swept();

    public DeserializedOnceEventStorageEngine(JdbcEventStorageEngine.Builder builder) {
        super(builder);
    }

    @Override
    protected void appendEvents(List<? extends EventMessage<?>> events, Serializer serializer) {
        super.appendEvents(events, serializer);
        appended.remember(events); // after the insert: an event that could not be written is not remembered
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        return super.readEvents(trackingToken, mayBlock).map(read -> {
            TrackedEventMessage<?> known = appended.withObjects(read);
            if (known == null) {
                deserialize(read);
                return read;
            }
            return known;
        });
    }

    static void deserialize(TrackedEventMessage<?> event) {
        try {
            event.getPayload();
            event.getMetaData();
        } catch (RuntimeException | LinkageError e) { // a payload class that cannot load must not stop the reader
            log.debug("event {} of type {} left for its processors to deserialise: {}", event.getIdentifier(),
                    event.getPayloadType(), e.toString());
        }
    }
}
