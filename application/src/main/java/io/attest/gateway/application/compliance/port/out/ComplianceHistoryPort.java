package io.attest.gateway.application.compliance.port.out;

import java.time.Instant;
import java.util.List;

/**
 * An aggregate's history straight from the event store: always current (it reads committed events, no
 * read model lag), so an opt-out is seen by the very next send.
 */
public interface ComplianceHistoryPort {

    /** The events of one aggregate of this type, oldest first; empty when it does not exist. */
    <E> List<Recorded<E>> history(String aggregateId, Class<E> eventType);

    /** The sequence number of the aggregate's last event; -1 when it has none. */
    default long lastSequence(String aggregateId) {
        List<Recorded<Object>> events = history(aggregateId, Object.class);
        return events.isEmpty() ? -1 : events.getLast().sequence();
    }

    record Recorded<E>(E event, Instant at, long sequence) {
    }
}
