package io.attest.gateway.infrastructure.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.jooq.DSLContext;

import java.util.function.Supplier;

/**
 * Gauges an operator watches, read from the database at most every few seconds however often they are scraped:
 * {@code gateway.processor.lag{processor}} (events in the store not yet handled by this node's segments of the
 * processor; not reported while the node holds none), {@code gateway.webhooks.pending} (deliveries waiting or in
 * flight) and {@code gateway.webhooks.dead} (dead letters, waiting for a replay).
 */
public class GatewayGauges {

    private static final long FRESH_FOR_NANOS = 5_000_000_000L;

    private final DSLContext db;
    private final EventProcessingConfiguration processing;
    private final Cached head = new Cached(() -> count("SELECT coalesce(max(global_index), 0) FROM domain_event_entry"));

    public GatewayGauges(MeterRegistry registry, DSLContext db, EventProcessingConfiguration processing,
                         Iterable<String> processors) {
        this.db = db;
        this.processing = processing;
        for (String processor : processors) {
            Gauge.builder("gateway.processor.lag", () -> lag(processor))
                    .description("events stored but not yet handled by this node's segments of the processor")
                    .tag("processor", processor).register(registry);
        }
        Cached pending = new Cached(() -> count("SELECT count(*) FROM webhook_delivery WHERE status IN ('PENDING', 'DELIVERING')"));
        Cached dead = new Cached(() -> count("SELECT count(*) FROM webhook_delivery WHERE status = 'DEAD'"));
        Gauge.builder("gateway.webhooks.pending", pending::get)
                .description("webhook deliveries waiting for their attempt or in flight").register(registry);
        Gauge.builder("gateway.webhooks.dead", dead::get)
                .description("webhook deliveries that gave up, waiting for a replay").register(registry);
    }

    private double lag(String name) {
        var processor = processing.eventProcessor(name, StreamingEventProcessor.class);
        if (processor.isEmpty() || processor.get().processingStatus().isEmpty()) {
            return Double.NaN; // another node holds its segments: that node reports the lag
        }
        long behind = processor.get().processingStatus().values().stream().map(EventTrackerStatus::getCurrentPosition)
                .mapToLong(position -> position.orElse(0L)).min().orElse(0L);
        double stored = head.get();
        return Math.max(0, stored - behind);
    }

    private double count(String sql) {
        Object value = db.fetchValue(sql);
        return value == null ? 0 : ((Number) value).doubleValue();
    }

    /** A value read at most every few seconds; NaN when it cannot be read (the database is down). */
    private static final class Cached {

        private final Supplier<Double> read;
        private volatile double value = Double.NaN;
        private volatile long readAt = Long.MIN_VALUE;

        Cached(Supplier<Double> read) {
            this.read = read;
        }

        synchronized double get() {
            long now = System.nanoTime();
            if (readAt == Long.MIN_VALUE || now - readAt > FRESH_FOR_NANOS) {
                try {
                    value = read.get();
                } catch (RuntimeException e) {
                    value = Double.NaN;
                }
                readAt = now;
            }
            return value;
        }
    }
}
