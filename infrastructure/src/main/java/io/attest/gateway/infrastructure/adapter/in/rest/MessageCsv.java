package io.attest.gateway.infrastructure.adapter.in.rest;

import io.attest.gateway.application.message.port.in.SearchMessagesQuery;

import java.util.Locale;

/**
 * Messages found by a search as CSV (RFC 4180): a header line, then a line per message, CRLF line ends. A field with a
 * comma, a quote or a line break is quoted. A free-text field that a spreadsheet would run as a formula (it starts with
 * =, +, -, @, a tab or a carriage return) is prefixed with an apostrophe; phone numbers, which are E.164 digits, are not.
 */
final class MessageCsv {

    static final String HEADER = "id,direction,from,to,status,at,campaignId,segments,intent,text\r\n";

    private MessageCsv() {
    }

    static String row(SearchMessagesQuery.Found found) {
        boolean inbound = found.direction() == SearchMessagesQuery.Direction.INBOUND;
        return String.join(",",
                field(found.id()),
                inbound ? "inbound" : "outbound",
                field(found.from()),
                field(found.to()),
                inbound ? "received" : found.status().name().toLowerCase(Locale.ROOT),
                found.at().toString(),
                text(found.campaignId()),
                found.segments() == null ? "" : found.segments().toString(),
                text(found.intent()),
                text(found.text())) + "\r\n";
    }

    /** A free-text cell (a carrier's or a campaign's name) of another download: quoted and formula-guarded. */
    static String cell(String value) {
        return text(value);
    }

    /** Text a person or a subscriber wrote: kept from running as a spreadsheet formula. */
    private static String text(String value) {
        if (value != null && !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            return field("'" + value);
        }
        return field(value);
    }

    private static String field(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
