package io.attest.gateway.infrastructure.adapter.out.eventstore;

import io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one aggregate's events from Axon's event store (PostgreSQL), in order.
 *
 * <p>Stored events never change (the table refuses updates and deletes) and an aggregate's sequence numbers
 * only grow, so what was read once stays true: the adapter remembers the events it read, per aggregate, and
 * on the next read asks the database only for the events after the last one it knows. That is still one
 * query per read, so every read is as current as before (an opt-out is seen by the very next send on any
 * node), but the query usually returns nothing, and nothing is deserialised again. Reads inside a unit of
 * work or a transaction may see events that are not committed yet; they are remembered only once it commits.
 * A message's events are never remembered: its text must not outlive its retention in memory. At most
 * {@code gateway.compliance.history-cache-size} aggregates are remembered (least recently read go first;
 * 0 remembers none).
 *
 * <p>A send decision reads four streams (sender number, campaign, brand, consent). {@link #readingAhead} checks the
 * remembered ones in one query (the last sequence number of each) before the decision reads them, and the decision's
 * first read of each unchanged stream is answered from memory: one query a decision instead of four, each stream as
 * current as the check made moments before in the same transaction.
 */
@Component
class EventStoreHistoryAdapter implements ComplianceHistoryPort {

    private final EventStore eventStore;
    private final Map<String, Known> known;
    private final int capacity;

    /** The events read so far for an aggregate, and the last sequence number among them. */
    private record Known(List<Recorded<Object>> events, long lastSequence) {
    }

    /** Checks the remembered histories of a decision's aggregates in one query; null: one by one through the store. */
    private final org.springframework.jdbc.core.JdbcTemplate jdbc;

    /** On a thread running {@link #readingAhead}: each checked aggregate's last sequence number, until it is read. */
    private final ThreadLocal<Map<String, Long>> checkedAhead = new ThreadLocal<>();

    EventStoreHistoryAdapter(EventStore eventStore, int capacity) {
        this(eventStore, null, capacity);
    }

    @org.springframework.beans.factory.annotation.Autowired
    EventStoreHistoryAdapter(EventStore eventStore, org.springframework.jdbc.core.JdbcTemplate jdbc,
                             @Value("${gateway.compliance.history-cache-size:10000}") int capacity) {
        this.eventStore = eventStore;
        this.jdbc = jdbc;
        this.capacity = capacity;
        this.known = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Known> eldest) {
                return size() > EventStoreHistoryAdapter.this.capacity;
            }
        };
    }

    @Override
    public <E> List<Recorded<E>> history(String aggregateId, Class<E> eventType) {
        Known before = capacity > 0 ? remembered(aggregateId) : null; // committed events: true inside any transaction
        Map<String, Long> checked = checkedAhead.get();
        Long checkedLast = checked == null ? null : checked.remove(aggregateId); // a check serves one read
        if (before != null && checkedLast != null && checkedLast == before.lastSequence()) {
            return typed(before.events(), eventType); // the check found nothing newer: no query of its own
        }
        List<Recorded<Object>> newer = new ArrayList<>();
        var stream = eventStore.readEvents(aggregateId, before == null ? 0 : before.lastSequence() + 1); // no snapshot lookup
        while (stream.hasNext()) {
            DomainEventMessage<?> message = stream.next();
            newer.add(new Recorded<>(message.getPayload(), message.getTimestamp(), message.getSequenceNumber()));
        }
        List<Recorded<Object>> events = before == null ? newer : before.events();
        if (before != null && !newer.isEmpty()) { // the usual case is nothing new: the kept list serves as it is
            events = new ArrayList<>(before.events());
            events.addAll(newer);
        }
        if (capacity > 0 && !newer.isEmpty() && newer.stream().noneMatch(EventStoreHistoryAdapter::isOfAMessage)) {
            Known read = new Known(Collections.unmodifiableList(events), events.getLast().sequence());
            rememberOnceCommitted(aggregateId, read);
        }
        return typed(events, eventType);
    }

    private static <E> List<Recorded<E>> typed(List<Recorded<Object>> events, Class<E> eventType) {
        List<Recorded<E>> typed = new ArrayList<>(events.size());
        for (Recorded<Object> event : events) {
            if (eventType.isInstance(event.event())) {
                typed.add(new Recorded<>(eventType.cast(event.event()), event.at(), event.sequence()));
            }
        }
        return typed;
    }

    /**
     * The last sequence number of each aggregate, in one query on the caller's transaction when there is one: the
     * highest entry of each in the (aggregate, sequence) index.
     */
    private static final String LAST_SEQUENCES = """
            SELECT id, (SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier = id)
            FROM unnest(CAST(? AS TEXT[])) AS id""";

    /**
     * Checks what is remembered of the aggregates against their last sequence numbers, all in one query, and lets the
     * work's first read of each one that is unchanged answer from memory. Nested calls check nothing more.
     */
    @Override
    public <T> T readingAhead(java.util.Collection<String> aggregateIds, java.util.function.Supplier<T> work) {
        if (capacity == 0 || checkedAhead.get() != null) {
            return work.get();
        }
        Map<String, Long> remembered = new java.util.HashMap<>();
        for (String aggregateId : aggregateIds) {
            Known known = remembered(aggregateId);
            if (known != null) {
                remembered.put(aggregateId, known.lastSequence());
            }
        }
        if (remembered.isEmpty()) {
            return work.get();
        }
        Map<String, Long> unchanged = new java.util.HashMap<>();
        lastSequences(remembered.keySet()).forEach((aggregateId, last) -> {
            if (last != null && last.equals(remembered.get(aggregateId))) {
                unchanged.put(aggregateId, last);
            }
        });
        checkedAhead.set(unchanged);
        try {
            return work.get();
        } finally {
            checkedAhead.remove();
        }
    }

    private Map<String, Long> lastSequences(java.util.Set<String> aggregateIds) {
        Map<String, Long> last = new java.util.HashMap<>();
        if (jdbc == null) {
            aggregateIds.forEach(id -> last.put(id, eventStore.lastSequenceNumberFor(id).orElse(null)));
            return last;
        }
        jdbc.query(connection -> {
            var select = connection.prepareStatement(LAST_SEQUENCES);
            select.setArray(1, connection.createArrayOf("text", aggregateIds.toArray()));
            return select;
        }, row -> {
            long sequence = row.getLong(2);
            last.put(row.getString(1), row.wasNull() ? null : sequence);
        });
        return last;
    }

    /** One indexed query for the highest sequence number; nothing is read or deserialised. */
    @Override
    public long lastSequence(String aggregateId) {
        return eventStore.lastSequenceNumberFor(aggregateId).orElse(-1L);
    }

    /**
     * A read inside a unit of work or a transaction may include events that transaction wrote and may still roll
     * back: what it read is remembered only once it has committed, and forgotten with a rollback. The send decision
     * reads inside the transaction that records the message, so without this it would read every stream whole.
     */
    private void rememberOnceCommitted(String aggregateId, Known read) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().root().afterCommit(unitOfWork -> remember(aggregateId, read));
        } else if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    remember(aggregateId, read);
                }
            });
        } else if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            remember(aggregateId, read);
        } // a transaction this process cannot follow: not remembered
    }

    /**
     * Messages' streams are not remembered: they carry texts, which must be gone when their retention ends
     * (docs/security.md#message-text), and they are seldom read twice; the registry and consent streams are.
     */
    private static boolean isOfAMessage(Recorded<Object> recorded) {
        return recorded.event() instanceof io.attest.gateway.domain.message.MessageEvent
                || recorded.event() instanceof io.attest.gateway.domain.inbound.InboundMessageReceived;
    }

    private synchronized Known remembered(String aggregateId) {
        return known.get(aggregateId);
    }

    /** Keeps the longer history when two reads of one aggregate race. */
    private synchronized void remember(String aggregateId, Known read) {
        Known current = known.get(aggregateId);
        if (current == null || current.lastSequence() < read.lastSequence()) {
            known.put(aggregateId, read);
        }
    }
}
