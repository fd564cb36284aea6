package io.attest.gateway.infrastructure.adapter.in.console;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/** Reads CSV (RFC 4180: quoted fields, doubled quotes, line breaks inside quotes) one record at a time. */
final class CsvRows {

    private final Reader in;
    private int next = -2;

    CsvRows(Reader in) {
        this.in = in;
    }

    /** @return the next record's fields, or null at the end */
    List<String> next() throws IOException {
        int c = read();
        if (c == -1) {
            return null;
        }
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw new IOException("a quoted field is not closed");
                }
                if (c == '"') {
                    int after = read();
                    if (after == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        c = after;
                        continue;
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"' && field.isEmpty() && !wasQuoted) {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                wasQuoted = false;
            } else if (c == '\r' || c == '\n' || c == -1) {
                if (c == '\r') {
                    int after = read();
                    if (after != '\n') {
                        next = after;
                    }
                }
                fields.add(field.toString());
                return fields;
            } else {
                field.append((char) c);
            }
            c = read();
        }
    }

    private int read() throws IOException {
        if (next != -2) {
            int c = next;
            next = -2;
            return c;
        }
        return in.read();
    }
}
