package io.attest.gateway.infrastructure.adapter.out.eventstore;

import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedDomainEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An event read back that this node appended takes the objects it was appended with. */
class AppendedEventsTest {

    record Sample(String value) {
    }

    private static final Instant STORED_AT = Instant.parse("2026-12-08T10:00:00.123456Z");

    private long now = 1_000_000_000L;
    private final AppendedEvents appended = new AppendedEvents(3, Duration.ofMinutes(1), () -> now);

    private static GenericDomainEventMessage<Sample> appendedEvent(String id, String value) {
        return new GenericDomainEventMessage<>("Message", "m-" + id, 4, new GenericMessage<>(id, Sample.class,
                new Sample(value), MetaData.with("accountId", "acme")), Instant::now);
    }

    /** The event as the store reads it: its own objects (as deserialising would make them), its token and timestamp. */
    private static TrackedEventMessage<?> read(String id, String value, long index) {
        return new GenericTrackedDomainEventMessage<>(new GlobalSequenceTrackingToken(index), "Message", "m-" + id, 4,
                new GenericMessage<>(id, Sample.class, new Sample(value), MetaData.with("accountId", "acme")),
                () -> STORED_AT);
    }

    @Test
    void aReadEventThatWasAppendedHereTakesTheAppendedPayloadAndMetadataAndKeepsWhatTheStoreSays() {
        var event = appendedEvent("e1", "hello");
        appended.remember(List.of(event));

        TrackedEventMessage<?> known = appended.withObjects(read("e1", "hello", 17));

        assertThat(known.getPayload()).isSameAs(event.getPayload());
        assertThat(known.getMetaData()).isSameAs(event.getMetaData());
        assertThat(known.getIdentifier()).isEqualTo("e1");
        assertThat(known.trackingToken()).isEqualTo(new GlobalSequenceTrackingToken(17));
        assertThat(known.getTimestamp()).isEqualTo(STORED_AT);
        assertThat(known).isInstanceOf(DomainEventMessage.class);
        var domain = (DomainEventMessage<?>) known;
        assertThat(domain.getAggregateIdentifier()).isEqualTo("m-e1");
        assertThat(domain.getSequenceNumber()).isEqualTo(4);
        assertThat(domain.getType()).isEqualTo("Message");
        // kept for a processor that reads it later
        assertThat(appended.withObjects(read("e1", "hello", 17)).getPayload()).isSameAs(event.getPayload());
    }

    @Test
    void anEventAppendedElsewhereIsNotKnown() {
        appended.remember(List.of(appendedEvent("e1", "hello")));

        assertThat(appended.withObjects(read("e2", "other", 18))).isNull();
    }

    @Test
    void anEventWithoutAnAggregateStaysOne() {
        var event = new GenericEventMessage<>(new GenericMessage<>("e9", Sample.class, new Sample("x"), MetaData.emptyInstance()),
                Instant::now);
        appended.remember(List.of(event));
        TrackedEventMessage<?> read = new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(3),
                new GenericMessage<>("e9", Sample.class, new Sample("x"), MetaData.emptyInstance()), () -> STORED_AT);

        TrackedEventMessage<?> known = appended.withObjects(read);

        assertThat(known).isNotInstanceOf(DomainEventMessage.class);
        assertThat(known.getPayload()).isSameAs(event.getPayload());
        assertThat(known.getTimestamp()).isEqualTo(STORED_AT);
    }

    @Test
    void theOldestAreForgottenBeyondTheCapacity() {
        for (int i = 1; i <= 5; i++) {
            appended.remember(List.of(appendedEvent("e" + i, "v" + i)));
        }

        assertThat(appended.size()).isEqualTo(3);
        assertThat(appended.withObjects(read("e1", "v1", 1))).isNull();
        assertThat(appended.withObjects(read("e2", "v2", 2))).isNull();
        assertThat(appended.withObjects(read("e5", "v5", 5)).getPayload()).isEqualTo(new Sample("v5"));
    }

    @Test
    void anEventIsForgottenAMinuteAfterItWasAppendedWhetherOrNotAnythingElseHappens() {
        appended.remember(List.of(appendedEvent("e1", "one-time code 123456")));
        now += Duration.ofSeconds(30).toNanos();
        appended.remember(List.of(appendedEvent("e2", "v2")));
        now += Duration.ofSeconds(31).toNanos();

        appended.forgetOld(); // the sweep: no append, no read

        assertThat(appended.size()).isEqualTo(1);
        assertThat(appended.withObjects(read("e1", "one-time code 123456", 1))).isNull();
        assertThat(appended.withObjects(read("e2", "v2", 2))).isNotNull();
        now += Duration.ofSeconds(30).toNanos();
        assertThat(appended.withObjects(read("e2", "v2", 2))).as("too old to be used when read").isNull();
        assertThat(appended.size()).isZero();
    }
}
