package io.attest.gateway.infrastructure.adapter.out.eventstore;

import org.axonframework.common.stream.BlockingStream;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.messaging.StreamableMessageSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A processor following the store starts a batch at most every gather interval under steady load, at once after a
 * quiet spell, and never waits when it is behind. A fake clock and a recorded pause stand in for time.
 */
class GatheringEventSourceTest {

    private static final long MS = 1_000_000L;

    private final AtomicLong clock = new AtomicLong(1_000 * MS);
    private final List<Long> pauses = new ArrayList<>();
    private final QueueSource store = new QueueSource();
    private final GatheringEventSource source = new GatheringEventSource(store, Duration.ofMillis(50), 3, clock::get,
            nanos -> {
                pauses.add(nanos);
                clock.addAndGet(nanos);
            });

    @Test
    void aLoneEventIsHandedOverAtOnceAndTheNextBatchWaitsForTheRestOfTheInterval() throws Exception {
        var stream = source.openStream(null);
        store.arrive(1);
        assertThat(stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(pauses).isEmpty(); // the first event after a quiet spell is not held
        assertThat(stream.nextAvailable().trackingToken()).isEqualTo(token(1));

        clock.addAndGet(10 * MS);
        store.arrive(2);
        assertThat(stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(pauses).containsExactly(40 * MS); // 50 ms after the previous batch started, not before
    }

    @Test
    void afterAQuietSpellLongerThanTheIntervalNothingWaits() throws Exception {
        var stream = source.openStream(null);
        store.arrive(1);
        stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS);
        stream.nextAvailable();

        clock.addAndGet(80 * MS);
        store.arrive(2);
        assertThat(stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(pauses).isEmpty();
    }

    @Test
    void aProcessorThatTookAFullBatchIsBehindAndDoesNotWait() throws Exception {
        var stream = source.openStream(null);
        store.arrive(1, 2, 3, 4);
        stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS);
        for (int i = 0; i < 3; i++) {
            stream.nextAvailable(); // a full batch of 3
        }
        clock.addAndGet(MS);
        assertThat(stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(pauses).isEmpty();
        stream.nextAvailable(); // a batch of 1: caught up

        clock.addAndGet(MS);
        store.arrive(5);
        assertThat(stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(pauses).containsExactly(49 * MS);
    }

    @Test
    void checksWithoutATimeoutAndWaitsThatFindNothingNeverPause() throws Exception {
        var stream = source.openStream(null);
        store.arrive(1);
        stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS);
        stream.nextAvailable();

        clock.addAndGet(MS);
        assertThat(stream.hasNextAvailable(1000, TimeUnit.MILLISECONDS)).isFalse(); // nothing came within the timeout
        store.arrive(2);
        assertThat(stream.hasNextAvailable()).isTrue(); // Axon's "caught up?" check
        assertThat(stream.hasNextAvailable(0, TimeUnit.MILLISECONDS)).isTrue();
        assertThat(pauses).isEmpty();
    }

    @Test
    void noIntervalPassesTheStoreStreamThrough() {
        var passThrough = new GatheringEventSource(store, Duration.ZERO, 100);
        BlockingStream<TrackedEventMessage<?>> stream = passThrough.openStream(null);
        assertThat(stream).isSameAs(store.last);
    }

    @Test
    void tokensAndTheRestOfTheStreamAreTheStoresOwn() throws Exception {
        assertThat(source.createTailToken()).isEqualTo(token(0));
        assertThat(source.createHeadToken()).isEqualTo(token(99));
        var stream = source.openStream(null);
        store.arrive(7);
        assertThat(stream.peek()).map(TrackedEventMessage::trackingToken).contains(token(7));
        stream.close();
        assertThat(store.last.closed).isTrue();
    }

    @Test
    void refusesANegativeIntervalOrAnEmptyBatch() {
        assertThatThrownBy(() -> new GatheringEventSource(store, Duration.ofMillis(-1), 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GatheringEventSource(store, Duration.ofMillis(5), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static TrackingToken token(long position) {
        return new GlobalSequenceTrackingToken(position);
    }

    /** A store whose events arrive when the test says so; its waits return at once with what is there. */
    private static final class QueueSource implements StreamableMessageSource<TrackedEventMessage<?>> {
        private final Deque<TrackedEventMessage<?>> queue = new ArrayDeque<>();
        QueueStream last;

        void arrive(long... positions) {
            for (long position : positions) {
                queue.add(new GenericTrackedEventMessage<>(token(position),
                        GenericEventMessage.asEventMessage("event " + position)));
            }
        }

        @Override
        public BlockingStream<TrackedEventMessage<?>> openStream(TrackingToken token) {
            last = new QueueStream(queue);
            return last;
        }

        @Override
        public TrackingToken createTailToken() {
            return token(0);
        }

        @Override
        public TrackingToken createHeadToken() {
            return token(99);
        }
    }

    private static final class QueueStream implements BlockingStream<TrackedEventMessage<?>> {
        private final Deque<TrackedEventMessage<?>> queue;
        boolean closed;

        QueueStream(Deque<TrackedEventMessage<?>> queue) {
            this.queue = queue;
        }

        @Override
        public Optional<TrackedEventMessage<?>> peek() {
            return Optional.ofNullable(queue.peek());
        }

        @Override
        public boolean hasNextAvailable(int timeout, TimeUnit unit) {
            return !queue.isEmpty();
        }

        @Override
        public TrackedEventMessage<?> nextAvailable() {
            return queue.remove();
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
