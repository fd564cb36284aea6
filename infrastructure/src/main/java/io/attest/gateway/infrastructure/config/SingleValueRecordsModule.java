package io.attest.gateway.infrastructure.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.BeanSerializerModifier;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;

/**
 * Writes the domain's typed identifiers and values (records of one String, such as {@code MessageId},
 * {@code AccountId}, {@code PhoneNumber}) as plain JSON strings, so a stored event reads
 * {@code "to":"+15557654321"} rather than {@code "to":{"e164":"+15557654321"}}. The domain stays free of
 * Jackson annotations.
 */
final class SingleValueRecordsModule extends SimpleModule {

    private final String packagePrefix;

    SingleValueRecordsModule(String packagePrefix) {
        super("single-value-records");
        this.packagePrefix = packagePrefix;
        setSerializerModifier(new BeanSerializerModifier() {
            @Override
            public JsonSerializer<?> modifySerializer(SerializationConfig config, BeanDescription description,
                                                      JsonSerializer<?> serializer) {
                return applies(description.getBeanClass()) ? new ValueSerializer(description.getBeanClass()) : serializer;
            }
        });
        setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                return applies(description.getBeanClass()) ? new ValueDeserializer(description.getBeanClass()) : deserializer;
            }
        });
    }

    private boolean applies(Class<?> type) {
        if (!type.isRecord() || !type.getName().startsWith(packagePrefix)) {
            return false;
        }
        RecordComponent[] components = type.getRecordComponents();
        return components.length == 1 && components[0].getType() == String.class;
    }

    private static final class ValueSerializer extends JsonSerializer<Object> {
        private final RecordComponent component;

        ValueSerializer(Class<?> type) {
            this.component = type.getRecordComponents()[0];
        }

        @Override
        public void serialize(Object value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            try {
                generator.writeString((String) component.getAccessor().invoke(value));
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IOException("cannot read " + component, e);
            }
        }
    }

    private static final class ValueDeserializer extends JsonDeserializer<Object> {
        private final Class<?> type;
        private final Constructor<?> constructor;

        ValueDeserializer(Class<?> type) {
            this.type = type;
            try {
                this.constructor = type.getDeclaredConstructor(String.class);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(type + " has no canonical constructor", e);
            }
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = parser.getValueAsString();
            try {
                return constructor.newInstance(text);
            } catch (InvocationTargetException e) {
                return context.handleInstantiationProblem(type, text, e.getCause());
            } catch (ReflectiveOperationException e) {
                return context.handleInstantiationProblem(type, text, e);
            }
        }
    }
}
