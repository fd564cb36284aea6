package io.attest.gateway.infrastructure.adapter.out.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.Message;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The events this node appended last, by identifier, so that reading one back needs no deserialisation: its stored
 * form was serialised from these very objects (domain events are records of values, and the event mapper writes every
 * component), so deserialising it gives equal ones. A read event takes the remembered payload and metadata and keeps
 * its stored token, type, aggregate, sequence number and timestamp.
 *
 * <p>At most {@code capacity} events are remembered, for at most {@code maxAge}: the processors read an event back
 * within milliseconds, and a message's text must not stay in memory past its use (docs/security.md#message-text), so
 * older events are forgotten on every use and by a sweep that runs whether or not anything is sent. An event read back
 * is kept, for a processor that reads it later. An identifier is unique in the store, so an event whose transaction
 * rolled back is never read back: it is just forgotten.
 */
final class AppendedEvents {

    /** About ten seconds of events at a thousand messages a second; a few megabytes. */
    static final int REMEMBERED = 8192;
    /** Far longer than a processor that keeps up takes to read an event back. */
    static final Duration MAX_AGE = Duration.ofMinutes(1);

    private record Appended(EventMessage<?> event, long at) {
    }

    private final Map<String, Appended> byIdentifier;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;

    AppendedEvents(int capacity, Duration maxAge, LongSupplier nanoTime) {
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
        this.byIdentifier = new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Appended> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Remembers events for {@link #MAX_AGE} at most, swept by a daemon thread while this instance is in use. */
    static AppendedEvents swept() {
        AppendedEvents appended = new AppendedEvents(REMEMBERED, MAX_AGE, System::nanoTime);
        WeakReference<AppendedEvents> weak = new WeakReference<>(appended);
        Thread.ofVirtual().name("appended-events-sweep").start(() -> {
            try {
                for (AppendedEvents alive; ; ) {
                    Thread.sleep(MAX_AGE.dividedBy(4));
                    if ((alive = weak.get()) == null) {
                        return; // its engine is gone
                    }
                    alive.forgetOld();
                    alive = null;
                }
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        });
        return appended;
    }

    /** Remembers events just written. */
    void remember(List<? extends EventMessage<?>> events) {
        long now = nanoTime.getAsLong();
        synchronized (byIdentifier) {
            for (EventMessage<?> event : events) {
                byIdentifier.put(event.getIdentifier(), new Appended(event, now));
            }
            forgetOlderThan(now);
        }
    }

    /** The read event with the payload and metadata it was appended with, or null when it is not remembered. */
    TrackedEventMessage<?> withObjects(TrackedEventMessage<?> read) {
        Appended appended;
        synchronized (byIdentifier) {
            forgetOlderThan(nanoTime.getAsLong());
            appended = byIdentifier.get(read.getIdentifier());
        }
        if (appended == null) {
            return null;
        }
        Message<?> objects = objects(read.getIdentifier(), appended.event());
        if (read instanceof DomainEventMessage<?> domain) {
            return new GenericTrackedDomainEventMessage<>(read.trackingToken(), domain.getType(),
                    domain.getAggregateIdentifier(), domain.getSequenceNumber(), objects, read::getTimestamp);
        }
        return new GenericTrackedEventMessage<>(read.trackingToken(), objects, read::getTimestamp);
    }

    /** Forgets the events remembered longer than the maximum age. */
    void forgetOld() {
        synchronized (byIdentifier) {
            forgetOlderThan(nanoTime.getAsLong());
        }
    }

    private void forgetOlderThan(long now) {
        // in the order they were remembered: the oldest first
        for (Iterator<Appended> oldest = byIdentifier.values().iterator(); oldest.hasNext(); ) {
            if (now - oldest.next().at() <= maxAgeNanos) {
                return;
            }
            oldest.remove();
        }
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
