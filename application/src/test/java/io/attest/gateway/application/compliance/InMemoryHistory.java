package io.attest.gateway.application.compliance;

import io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An event store stand-in for unit tests of the application services: events per aggregate id. */
public final class InMemoryHistory implements ComplianceHistoryPort {

    private final Map<String, List<Object>> events = new HashMap<>();

    public InMemoryHistory add(String aggregateId, Object... more) {
        events.computeIfAbsent(aggregateId, id -> new ArrayList<>()).addAll(List.of(more));
        return this;
    }

    @Override
    public <E> List<Recorded<E>> history(String aggregateId, Class<E> eventType) {
        List<Recorded<E>> result = new ArrayList<>();
        List<Object> stream = events.getOrDefault(aggregateId, List.of());
        for (int i = 0; i < stream.size(); i++) {
            if (eventType.isInstance(stream.get(i))) {
                result.add(new Recorded<>(eventType.cast(stream.get(i)), Instant.EPOCH.plusSeconds(i), i));
            }
        }
        return result;
    }
}
