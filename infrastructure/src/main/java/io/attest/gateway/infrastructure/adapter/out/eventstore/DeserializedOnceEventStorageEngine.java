package io.attest.gateway.infrastructure.adapter.out.eventstore;

import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.stream.Stream;

/**
 * Axon's JDBC event store, with every event that the processors follow turned into objects once per node instead of
 * once per processor.
 *
 * <p>The embedded event store reads the events on one thread and hands the same message objects to every processor
 * that follows the head of the store (message read model, event feed, audit trail, consent ledger, dispatch). Their
 * payload and metadata are deserialised lazily, by whichever thread asks first, without a lock: the processors are
 * woken together for each new event and each of them deserialised it again (5–50 % of their CPU in the profile,
 * docs/performance.md). Here the reading thread deserialises payload and metadata while it reads, before any processor
 * sees the message. An event that cannot be deserialised is left lazy, so the processor that handles it fails on it
 * and retries as before, and the reading thread goes on.
 */
public class DeserializedOnceEventStorageEngine extends JdbcEventStorageEngine {

    private static final Logger log = LoggerFactory.getLogger(DeserializedOnceEventStorageEngine.class);

    public DeserializedOnceEventStorageEngine(JdbcEventStorageEngine.Builder builder) {
        super(builder);
    }

    @Override
    public Stream<? extends TrackedEventMessage<?>> readEvents(TrackingToken trackingToken, boolean mayBlock) {
        return super.readEvents(trackingToken, mayBlock).peek(DeserializedOnceEventStorageEngine::deserialize);
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
