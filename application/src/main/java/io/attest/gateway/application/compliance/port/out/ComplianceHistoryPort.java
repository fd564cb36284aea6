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

    /**
     * Runs the work, whose reads of these aggregates' histories may be answered by one check made first, for all of
     * them, of whether what is remembered of each is still its whole history: a decision that reads four streams asks
     * the store once instead of four times. Each aggregate's first read in the work uses the check; any other read, and
     * any aggregate the check found changed or not remembered, reads the store as {@link #history} always does. So the
     * work sees each history as current as the check, made moments before in the same transaction. By default the work
     * just runs.
     */
    default <T> T readingAhead(java.util.Collection<String> aggregateIds, java.util.function.Supplier<T> work) {
        return work.get();
    }

    record Recorded<E>(E event, Instant at, long sequence) {
    }
}
