package io.attest.gateway.application.shared;

/**
 * A string as a JSON string literal: quote and backslash escaped, backspace, form feed, newline, carriage return
 * and tab by their short escapes, other control characters as a six-character unicode escape, everything else as
 * it is. One rule for every JSON the gateway writes by hand, the audit chain's canonical form included
 * (docs/audit-chain.md).
 */
public final class JsonText {

    private JsonText() {
    }

    /** The value quoted, or {@code null} for null. */
    public static String quote(String value) {
        StringBuilder json = new StringBuilder(value == null ? 4 : value.length() + 2);
        appendQuoted(json, value);
        return json.toString();
    }

    public static void appendQuoted(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                case '\b' -> json.append("\\b");
                case '\f' -> json.append("\\f");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
