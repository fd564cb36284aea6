package io.attest.gateway.infrastructure.adapter.out.eventstore;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.SerializationConfig;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.cfg.HandlerInstantiator;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.jsontype.TypeIdResolver;
import com.fasterxml.jackson.databind.jsontype.TypeResolverBuilder;
import io.attest.gateway.application.message.port.out.SealMessageTextPort;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.inbound.InboundMessageReceived;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageReleased;

import java.io.IOException;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * Stores the text of the events that carry one ({@link MessageAccepted}, {@link MessageReleased},
 * {@link InboundMessageReceived}) sealed ({@link SealMessageTextPort}), and opens it when the event is read: null once
 * the text is past its retention. The domain's events keep plain strings; only their stored form changes. Events
 * stored before texts were sealed are read as they are.
 */
public final class SealedTextModule {

    private SealedTextModule() {
    }

    /** Seals and opens the {@code text} of the events above in every mapper this is applied to. */
    public static com.fasterxml.jackson.databind.json.JsonMapper.Builder apply(
            com.fasterxml.jackson.databind.json.JsonMapper.Builder mapper, Supplier<SealMessageTextPort> texts, Clock clock) {
        Supplier<SealMessageTextPort> once = new Supplier<>() { // looked up at the first event, not per event
            private volatile SealMessageTextPort found;

            @Override
            public SealMessageTextPort get() {
                SealMessageTextPort port = found;
                if (port == null) {
                    port = texts.get();
                    found = port;
                }
                return port;
            }
        };
        Sealing sealing = new Sealing(once, clock);
        Opening opening = new Opening(once);
        return mapper.addMixIn(MessageAccepted.class, TextMixin.class)
                .addMixIn(MessageReleased.class, TextMixin.class)
                .addMixIn(InboundMessageReceived.class, TextMixin.class)
                .handlerInstantiator(new Instances(sealing, opening));
    }

    abstract static class TextMixin {
        @JsonSerialize(using = Sealing.class)
        @JsonDeserialize(using = Opening.class)
        String text;

        @JsonSerialize(using = Sealing.class)
        abstract String text();
    }

    static final class Sealing extends JsonSerializer<String> {
        private final Supplier<SealMessageTextPort> texts;
        private final Clock clock;

        Sealing(Supplier<SealMessageTextPort> texts, Clock clock) {
            this.texts = texts;
            this.clock = clock;
        }

        @Override
        public void serialize(String text, JsonGenerator json, SerializerProvider provider) throws IOException {
            UseCase useCase = switch (json.currentValue()) {
                case MessageAccepted accepted -> accepted.useCase();
                case MessageReleased released -> released.useCase();
                case null, default -> null;
            };
            String sealed = texts.get().seal(text, useCase, clock.instant());
            if (sealed == null) {
                json.writeNull();
            } else {
                json.writeString(sealed);
            }
        }
    }

    static final class Opening extends JsonDeserializer<String> {
        private final Supplier<SealMessageTextPort> texts;

        Opening(Supplier<SealMessageTextPort> texts) {
            this.texts = texts;
        }

        @Override
        public String deserialize(JsonParser json, DeserializationContext context) throws IOException {
            return texts.get().unseal(json.getValueAsString());
        }
    }

    /** Hands Jackson the two instances above, which know the key ring, instead of making its own. */
    private static final class Instances extends HandlerInstantiator {
        private final Sealing sealing;
        private final Opening opening;

        Instances(Sealing sealing, Opening opening) {
            this.sealing = sealing;
            this.opening = opening;
        }

        @Override
        public JsonDeserializer<?> deserializerInstance(DeserializationConfig config, Annotated annotated, Class<?> type) {
            return type == Opening.class ? opening : null;
        }

        @Override
        public KeyDeserializer keyDeserializerInstance(DeserializationConfig config, Annotated annotated, Class<?> type) {
            return null;
        }

        @Override
        public JsonSerializer<?> serializerInstance(SerializationConfig config, Annotated annotated, Class<?> type) {
            return type == Sealing.class ? sealing : null;
        }

        @Override
        public TypeResolverBuilder<?> typeResolverBuilderInstance(MapperConfig<?> config, Annotated annotated,
                                                                  Class<?> type) {
            return null;
        }

        @Override
        public TypeIdResolver typeIdResolverInstance(MapperConfig<?> config, Annotated annotated, Class<?> type) {
            return null;
        }
    }
}
