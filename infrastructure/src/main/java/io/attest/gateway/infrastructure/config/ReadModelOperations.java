package io.attest.gateway.infrastructure.config;

import io.attest.gateway.application.shared.NotFoundException;
import org.axonframework.eventhandling.EventTrackerStatus;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * Rebuilds a read model from scratch by replaying the event store: its processor stops, its tables are emptied
 * (the projector's reset handler), its position goes back to the first event, and it starts again. Only read
 * models that are pure views of the events can be rebuilt; the audit chain is append-only and the event feed's
 * order drives webhooks, so neither is offered.
 */
@Component
public class ReadModelOperations {

    private static final Logger log = LoggerFactory.getLogger(ReadModelOperations.class);
    public static final List<String> REBUILDABLE = List.of(AxonConfiguration.READ_MODEL_PROCESSOR,
            AxonConfiguration.CONSENT_LEDGER_PROCESSOR);

    private final org.axonframework.config.Configuration axon;

    public ReadModelOperations(org.axonframework.config.Configuration axon) {
        this.axon = axon;
    }

    public List<ReadModelStatus> statuses() {
        return REBUILDABLE.stream().map(this::status).toList();
    }

    public ReadModelStatus status(String name) {
        StreamingEventProcessor processor = processor(name);
        Map<Integer, EventTrackerStatus> segments = processor.processingStatus();
        // replayed up to where the event store stood at the rebuild, and at its head now; a replay token can stay
        // marked "replaying" after that while the store has gaps in its sequence (rolled-back inserts)
        boolean upToDate = !segments.isEmpty() && segments.values().stream().allMatch(segment -> segment.isCaughtUp()
                && (segment.getResetPosition().isEmpty() || segment.getCurrentPosition().orElse(-1)
                >= segment.getResetPosition().getAsLong()));
        boolean replaying = segments.values().stream().anyMatch(EventTrackerStatus::isReplaying);
        return new ReadModelStatus(name, processor.isRunning(), replaying && !upToDate, upToDate);
    }

    public synchronized ReadModelStatus rebuild(String name) {
        StreamingEventProcessor processor = processor(name);
        log.warn("rebuilding read model {} by replaying the event store", name);
        processor.shutDown();
        processor.resetTokens();
        processor.start();
        return status(name);
    }

    private StreamingEventProcessor processor(String name) {
        if (!REBUILDABLE.contains(name)) {
            throw new NotFoundException("read-model-not-found",
                    "no rebuildable read model '" + name + "'; rebuildable are " + String.join(", ", REBUILDABLE));
        }
        return axon.eventProcessingConfiguration().eventProcessor(name, StreamingEventProcessor.class)
                .orElseThrow(() -> new IllegalStateException("processor " + name + " is not running here"));
    }

    /** @param upToDate running, not replaying, and at the head of the event store */
    public record ReadModelStatus(String name, boolean running, boolean replaying, boolean upToDate) {
    }
}
