package io.attest.gateway.application.email;

import java.util.HashMap;
import java.util.Map;

/** The top-level string fields of an event's data, a JSON object as the event feed writes it. */
final class FeedData {

    private FeedData() {
    }

    /** Top-level fields whose value is a string; other values (numbers, objects, null) are left out. */
    static Map<String, String> strings(String json) {
        Map<String, String> fields = new HashMap<>();
        if (json == null) {
            return fields;
        }
        int depth = 0;
        String key = null;
        boolean expectValue = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '"') {
                StringBuilder value = new StringBuilder();
                i = string(json, i + 1, value);
                if (depth == 1 && !expectValue) {
                    key = value.toString();
                } else if (depth == 1 && key != null) {
                    fields.put(key, value.toString());
                    key = null;
                    expectValue = false;
                }
            } else if (c == ':' && depth == 1) {
                expectValue = true;
            } else if (c == ',' && depth == 1) {
                key = null;
                expectValue = false;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return fields;
    }

    /** Reads a string's characters from {@code start} (after its opening quote); returns the index of its closing one. */
    private static int string(String json, int start, StringBuilder value) {
        int i = start;
        while (i < json.length()) {
            char c = json.charAt(i);
            if (c == '"') {
                return i;
            }
            if (c == '\\' && i + 1 < json.length()) {
                char escaped = json.charAt(++i);
                switch (escaped) {
                    case 'n' -> value.append('\n');
                    case 'r' -> value.append('\r');
                    case 't' -> value.append('\t');
                    case 'b' -> value.append('\b');
                    case 'f' -> value.append('\f');
                    case 'u' -> {
                        value.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                        i += 4;
                    }
                    default -> value.append(escaped);
                }
            } else {
                value.append(c);
            }
            i++;
        }
        return i;
    }
}
