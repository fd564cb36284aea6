package io.attest.gateway.infrastructure.adapter.out.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The event store as a tracking processor follows it, with the events that arrive close together gathered into one
 * batch: one transaction, one commit and one token update for many events instead of one each.
 *
 * <p>A processor that follows the head of the store is woken by every new event. Under a steady load of a few hundred
 * events a second its batches then hold one or two events each, and the work every batch repeats (the unit of work,
 * the transaction, the token update, the commit and its flush) costs more than the events themselves. Here, once
 * the processor has waited for an event, the next batch does not start until {@code gather} after the previous one
 * started, so the events that arrive meanwhile join it:
 * <ul>
 *   <li>an event after a quiet spell (longer than {@code gather}) is handled at once: a lone event is never held;</li>
 *   <li>under steady load a batch starts at most every {@code gather}, holding what arrived since the last one;</li>
 *   <li>a processor that is behind (its last batch took as many events as a batch holds: catching up, rebuilding)
 *       never waits.</li>
 * </ul>
 * The processor's own calls decide nothing else: its batch size, its segments, its error handling and its token are
 * Axon's. Only the waits of the processor for a new event ({@code hasNextAvailable} with a timeout) are changed; a
 * check without a timeout answers at once, as before.
 */
public final class GatheringEventSource implements StreamableMessageSource<TrackedEventMessage<?>> {

    private final StreamableMessageSource<TrackedEventMessage<?>> store;
    private final long gatherNanos;
    private final int fullBatch;
    private final LongSupplier nanoClock;
    private final Pause pause;

    /** Waits a number of nanoseconds (a seam for tests). */
    @FunctionalInterface
    interface Pause {
        void nanos(long nanos) throws InterruptedException;
    }

    /**
     * @param gather    how long after the start of a batch the next one may start; zero passes the store through
     * @param fullBatch the processor's batch size: a batch that took this many events means the processor is behind
     */
    public GatheringEventSource(StreamableMessageSource<TrackedEventMessage<?>> store, Duration gather, int fullBatch) {
        this(store, gather, fullBatch, System::nanoTime, TimeUnit.NANOSECONDS::sleep);
    }

    GatheringEventSource(StreamableMessageSource<TrackedEventMessage<?>> store, Duration gather, int fullBatch,
                         LongSupplier nanoClock, Pause pause) {
        if (gather.isNegative() || fullBatch < 1) {
            throw new IllegalArgumentException("gather must not be negative and a full batch at least 1 event");
        }
        this.store = store;
        this.gatherNanos = gather.toNanos();
        this.fullBatch = fullBatch;
        this.nanoClock = nanoClock;
        this.pause = pause;
    }

    @Override
    public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
        BlockingStream<TrackedEventMessage<?>> stream = store.openStream(token);
        return gatherNanos == 0 ? stream : new Gathering(stream);
    }

    @Override
    public TrackingToken createTailToken() {
        return store.createTailToken();
    }

    @Override
    public TrackingToken createHeadToken() {
        return store.createHeadToken();
    }

    @Override
    public TrackingToken createTokenAt(Instant dateTime) {
        return store.createTokenAt(dateTime);
    }

    @Override
    public TrackingToken createTokenSince(Duration duration) {
        return store.createTokenSince(duration);
    }

    /** One processor thread's stream: used by that thread alone, as Axon's streams are. */
    private final class Gathering implements BlockingStream<TrackedEventMessage<?>> {

        private final BlockingStream<TrackedEventMessage<?>> stream;
        private long lastStart;
        private boolean started;
        private int takenSinceStart;

        Gathering(BlockingStream<TrackedEventMessage<?>> stream) {
            this.stream = stream;
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) throws InterruptedException {
            if (timeout <= 0) {
                return stream.hasNextAvailable(timeout, unit);
            }
            boolean behind = takenSinceStart >= fullBatch;
            if (!stream.hasNextAvailable(timeout, unit)) {
                return false;
            }
            long now = nanoClock.getAsLong();
            long wait = started && !behind ? lastStart + gatherNanos - now : 0;
            if (wait > 0) {
                pause.nanos(wait);
                now += wait;
            }
            started = true;
            lastStart = now;
            takenSinceStart = 0;
            return true;
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() throws InterruptedException {
            TrackedEventMessage<?> next = stream.nextAvailable();
            takenSinceStart++;
            return next;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return stream.peek();
        }

        @Override
        public void close() {
            stream.close();
        }

        @Override
        public void skipMessagesWithPayloadTypeOf(TrackedEventMessage<?> ignoredMessage) {
            stream.skipMessagesWithPayloadTypeOf(ignoredMessage);
        }

        @Override
        public boolean setOnAvailableCallback(Runnable callback) {
            return stream.setOnAvailableCallback(callback);
        }
    }
}
