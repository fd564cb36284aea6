package io.attest.gateway.infrastructure.adapter.out.eventstore;

import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventhandling.GenericTrackedEventMessage;
import org.axonframework.eventhandling.GlobalSequenceTrackingToken;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.Converter;
import org.axonframework.serialization.SerializedMessage;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.SerializedType;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.json.JacksonSerializer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The reading thread turns an event into objects once; the processors then find them done. */
class DeserializedOnceEventStorageEngineTest {

    record Sample(String value) {
    }

    /** Counts deserialisations, and fails them while told to. */
    private static final class CountingSerializer implements Serializer {
        private final Serializer delegate = JacksonSerializer.defaultSerializer();
        int deserialized;
        boolean failing;

        @Override
        public <T> SerializedObject<T> serialize(Object object, Class<T> expectedRepresentation) {
            return delegate.serialize(object, expectedRepresentation);
        }

        @Override
        public <T> boolean canSerializeTo(Class<T> expectedRepresentation) {
            return delegate.canSerializeTo(expectedRepresentation);
        }

        @Override
        public <S, T> T deserialize(SerializedObject<S> serializedObject) {
            deserialized++;
            if (failing) {
                throw new IllegalStateException("cannot read " + serializedObject.getType());
            }
            return delegate.deserialize(serializedObject);
        }

        @Override
        public Class classForType(SerializedType type) {
            return delegate.classForType(type);
        }

        @Override
        public SerializedType typeForClass(Class type) {
            return delegate.typeForClass(type);
        }

        @Override
        public Converter getConverter() {
            return delegate.getConverter();
        }
    }

    private final CountingSerializer serializer = new CountingSerializer();

    private TrackedEventMessage<?> storedEvent() {
        SerializedMessage<Sample> stored = new SerializedMessage<>("event-1",
                serializer.serialize(new Sample("text"), String.class),
                serializer.serialize(MetaData.from(Map.of("accountId", "acme")), String.class), serializer);
        return new GenericTrackedEventMessage<>(new GlobalSequenceTrackingToken(1),
                new GenericEventMessage<>(stored, Instant::now));
    }

    @Test
    void payloadAndMetadataAreDeserialisedOnceWhenReadAndNotAgainByWhoeverHandlesTheEvent() {
        TrackedEventMessage<?> event = storedEvent();

        DeserializedOnceEventStorageEngine.deserialize(event);

        assertThat(serializer.deserialized).isEqualTo(2);
        assertThat(event.getPayload()).isEqualTo(new Sample("text"));
        assertThat(event.getMetaData()).containsEntry("accountId", "acme");
        assertThat(event.getPayload()).isEqualTo(new Sample("text"));
        assertThat(serializer.deserialized).isEqualTo(2);
    }

    @Test
    void anEventThatCannotBeDeserialisedIsLeftForItsProcessorToFailOn() {
        TrackedEventMessage<?> event = storedEvent();
        serializer.failing = true;

        DeserializedOnceEventStorageEngine.deserialize(event); // the reading thread goes on

        assertThatThrownBy(event::getPayload).isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot read");
        serializer.failing = false;
        assertThat(event.getPayload()).isEqualTo(new Sample("text"));
    }
}
