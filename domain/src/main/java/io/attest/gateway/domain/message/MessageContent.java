package io.attest.gateway.domain.message;

import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;

import java.util.List;
import java.util.Objects;

/**
 * The text of a message with what it costs on the air interface: encoding, length in encoding units
 * (septets for GSM-7, UTF-16 code units for UCS-2) and segment count.
 *
 * @param charactersForcingUcs2 the distinct characters that are not in the GSM-7 alphabet, in order of appearance
 */
public record MessageContent(String text, TextEncoding encoding, int units, int segments,
                             List<String> charactersForcingUcs2) {

    /** The most segments one message may use; longer texts are refused. */
    public static final int MAX_SEGMENTS = 10;

    public MessageContent {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(encoding, "encoding");
        charactersForcingUcs2 = List.copyOf(charactersForcingUcs2);
    }

    /** Measures a text and checks it can be sent: not empty, at most {@value #MAX_SEGMENTS} segments. */
    public static MessageContent of(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidInputException(ErrorCode.EMPTY_TEXT, "text must contain at least one visible character");
        }
        if (text.indexOf('\u0000') >= 0) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "text must not contain a NUL character (U+0000)");
        }
        MessageContent content = measure(text);
        if (content.segments() > MAX_SEGMENTS) {
            throw new InvalidInputException(ErrorCode.TEXT_TOO_LONG, "text needs " + content.segments()
                    + " segments in " + content.encoding() + "; at most " + MAX_SEGMENTS + " are allowed");
        }
        return content;
    }

    /** Measures any text without checking limits. */
    public static MessageContent measure(String text) {
        java.util.LinkedHashSet<String> forcing = new java.util.LinkedHashSet<>();
        text.codePoints().filter(cp -> Gsm7Alphabet.septets(cp) < 0)
                .forEach(cp -> forcing.add(new String(Character.toChars(cp))));
        TextEncoding encoding = forcing.isEmpty() ? TextEncoding.GSM_7 : TextEncoding.UCS_2;
        int[] costs = text.codePoints()
                .map(cp -> encoding == TextEncoding.GSM_7 ? Gsm7Alphabet.septets(cp) : Character.charCount(cp))
                .toArray();
        int units = java.util.Arrays.stream(costs).sum();
        return new MessageContent(text, encoding, units, segments(encoding, costs, units), List.copyOf(forcing));
    }

    /**
     * The text cut into the segments it travels in: the whole text when it fits one segment, otherwise
     * concatenated segments filled greedily, never splitting a character. Joined, they give the text back.
     */
    public List<String> segmentTexts() {
        if (units <= encoding.singleSegmentUnits()) {
            return List.of(text);
        }
        List<String> parts = new java.util.ArrayList<>();
        StringBuilder part = new StringBuilder();
        int used = 0;
        for (int offset = 0; offset < text.length(); ) {
            int cp = text.codePointAt(offset);
            int cost = encoding == TextEncoding.GSM_7 ? Gsm7Alphabet.septets(cp) : Character.charCount(cp);
            if (used + cost > encoding.concatenatedSegmentUnits()) {
                parts.add(part.toString());
                part.setLength(0);
                used = 0;
            }
            part.appendCodePoint(cp);
            used += cost;
            offset += Character.charCount(cp);
        }
        parts.add(part.toString());
        return List.copyOf(parts);
    }

    /**
     * Segments as a handset counts them: one when the whole text fits a single segment, otherwise
     * concatenated segments filled greedily, never splitting a character (an escape pair in GSM-7, a
     * surrogate pair in UCS-2) across two segments.
     */
    private static int segments(TextEncoding encoding, int[] costs, int units) {
        if (units <= encoding.singleSegmentUnits()) {
            return 1;
        }
        int segments = 1;
        int used = 0;
        for (int cost : costs) {
            if (used + cost > encoding.concatenatedSegmentUnits()) {
                segments++;
                used = 0;
            }
            used += cost;
        }
        return segments;
    }
}
