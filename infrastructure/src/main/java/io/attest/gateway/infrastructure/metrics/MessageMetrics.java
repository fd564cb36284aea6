package io.attest.gateway.infrastructure.metrics;

import io.attest.gateway.domain.inbound.InboundMessageReceived;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageBlocked;
import io.attest.gateway.domain.message.MessageCleared;
import io.attest.gateway.domain.message.MessageDelivered;
import io.attest.gateway.domain.message.MessageDeliveryFailed;
import io.attest.gateway.domain.message.MessageExpired;
import io.attest.gateway.domain.message.MessageHeld;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageReleased;
import io.attest.gateway.domain.message.MessageSubmissionFailed;
import io.attest.gateway.domain.message.MessageSubmitted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts what happens to messages, as it is committed: a subscribing processor runs in the unit of work that records
 * the events, on the node that records them, and counts once that unit of work has committed (a rolled back one
 * counts nothing). Each event is counted once in the whole deployment, so the nodes' counters add up.
 *
 * <p>Counters {@code gateway.messages{outcome=...}}: accepted, cleared, held, blocked, released, submitted, delivered,
 * failed (refused at submit or by a receipt) and expired; {@code gateway.inbound.messages}. Timers
 * {@code gateway.message.accept.to.submit} (from the decision that cleared or released the message to the carrier's
 * acknowledgement) and {@code gateway.message.submit.to.receipt} (from the acknowledgement to the final receipt),
 * measured where the node saw both ends (recent messages, at most {@value #REMEMBERED} of each kept in memory).
 */
public class MessageMetrics {

    /** What the outcome counters are tagged with. */
    enum Outcome {
        ACCEPTED, CLEARED, HELD, BLOCKED, RELEASED, SUBMITTED, DELIVERED, FAILED, EXPIRED
    }

    static final int REMEMBERED = 100_000;

    private final Map<Outcome, Counter> outcomes = new EnumMap<>(Outcome.class);
    private final Counter inbound;
    private final Timer acceptToSubmit;
    private final Timer submitToReceipt;
    private final Map<MessageId, Instant> cleared = bounded();
    private final Map<MessageId, Instant> submitted = bounded();

    public MessageMetrics(MeterRegistry registry) {
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, Counter.builder("gateway.messages")
                    .description("outbound messages by what happened to them")
                    .tag("outcome", outcome.name().toLowerCase(java.util.Locale.ROOT)).register(registry));
        }
        inbound = Counter.builder("gateway.inbound.messages").description("messages received from subscribers")
                .register(registry);
        acceptToSubmit = Timer.builder("gateway.message.accept.to.submit")
                .description("from the decision that let a message go to the carrier's submit_sm_resp")
                .publishPercentileHistogram().register(registry);
        submitToReceipt = Timer.builder("gateway.message.submit.to.receipt")
                .description("from the carrier's submit_sm_resp to the message's final receipt")
                .publishPercentileHistogram().register(registry);
    }

    private static Map<MessageId, Instant> bounded() {
        return Collections.synchronizedMap(new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<MessageId, Instant> eldest) {
                return size() > REMEMBERED;
            }
        });
    }

    /** Runs once the unit of work recording the event has committed; at once outside one. */
    private static void afterCommit(Runnable count) {
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().afterCommit(unitOfWork -> count.run());
        } else {
            count.run();
        }
    }

    private void count(Outcome outcome) {
        afterCommit(() -> outcomes.get(outcome).increment());
    }

    @EventHandler
    void on(MessageAccepted event) {
        count(Outcome.ACCEPTED);
    }

    @EventHandler
    void on(MessageCleared event, @Timestamp Instant at) {
        afterCommit(() -> {
            outcomes.get(Outcome.CLEARED).increment();
            cleared.put(event.messageId(), at);
        });
    }

    @EventHandler
    void on(MessageHeld event) {
        count(Outcome.HELD);
    }

    @EventHandler
    void on(MessageBlocked event) {
        count(Outcome.BLOCKED);
    }

    @EventHandler
    void on(MessageReleased event, @Timestamp Instant at) {
        afterCommit(() -> {
            outcomes.get(Outcome.RELEASED).increment();
            cleared.put(event.messageId(), at);
        });
    }

    @EventHandler
    void on(MessageSubmitted event, @Timestamp Instant at) {
        afterCommit(() -> {
            outcomes.get(Outcome.SUBMITTED).increment();
            Instant from = cleared.remove(event.messageId());
            if (from != null) {
                acceptToSubmit.record(Duration.between(from, at));
            }
            submitted.put(event.messageId(), at);
        });
    }

    @EventHandler
    void on(MessageSubmissionFailed event) {
        count(Outcome.FAILED);
    }

    @EventHandler
    void on(MessageDelivered event, @Timestamp Instant at) {
        finalReceipt(Outcome.DELIVERED, event.messageId(), at);
    }

    @EventHandler
    void on(MessageDeliveryFailed event, @Timestamp Instant at) {
        finalReceipt(Outcome.FAILED, event.messageId(), at);
    }

    @EventHandler
    void on(MessageExpired event, @Timestamp Instant at) {
        finalReceipt(Outcome.EXPIRED, event.messageId(), at);
    }

    private void finalReceipt(Outcome outcome, MessageId id, Instant at) {
        afterCommit(() -> {
            outcomes.get(outcome).increment();
            Instant from = submitted.remove(id);
            if (from != null) {
                submitToReceipt.record(Duration.between(from, at));
            }
        });
    }

    @EventHandler
    void on(InboundMessageReceived event) {
        afterCommit(inbound::increment);
    }
}
