package io.attest.gateway.infrastructure.adapter.in.rest;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * Request bodies' text members as clients mean them: a JSON string, nothing else ({@code "text": true} is not the
 * text "true"), no control characters but tab, line feed and carriage return (PostgreSQL cannot store NUL, and
 * no SMS, URL or description needs the others), and no half of a surrogate pair without its other half ({@code
 * "\ud83d"} alone is no character: it would be stored as "?"). Each is a 400 naming the member.
 */
@org.springframework.stereotype.Component
final class StrictStringsModule extends SimpleModule {

    /** The words of its refusals, by which the problem response names the member. */
    static final String NOT_A_STRING = "expected a JSON string";
    static final String CONTROL_CHARACTER = "control character";
    static final String UNPAIRED_SURROGATE = "unpaired surrogate";

    StrictStringsModule() {
        super("attest-strict-strings");
        addDeserializer(String.class, new StrictString());
    }

    private static final class StrictString extends ValueDeserializer<String> {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                return context.reportInputMismatch(this, NOT_A_STRING + ", not %s", parser.currentToken());
            }
            String value = parser.getString();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                    return context.reportInputMismatch(this, CONTROL_CHARACTER + " U+%04X at position %d is not allowed",
                            (int) c, i);
                }
                if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++; // a whole pair: one character outside the Basic Multilingual Plane, such as an emoji
                } else if (Character.isSurrogate(c)) {
                    return context.reportInputMismatch(this, UNPAIRED_SURROGATE + " U+%04X at position %d is not a "
                            + "character", (int) c, i);
                }
            }
            return value;
        }
    }
}
