package io.attest.gateway.infrastructure.adapter.out.smpp;

import io.attest.gateway.domain.message.Gsm7Alphabet;

import java.nio.charset.StandardCharsets;

/** Text of an inbound short message by its SMPP data_coding (SMPP 3.4 §5.2.19). */
final class InboundText {

    private InboundText() {
    }

    /** A NUL a handset sent in UCS-2 becomes U+FFFD: PostgreSQL text cannot hold one. */
    static String decode(byte dataCoding, byte[] body) {
        return decodeRaw(dataCoding, body).replace('\u0000', '\uFFFD');
    }

    private static String decodeRaw(byte dataCoding, byte[] body) {
        return switch (dataCoding & 0xFF) {
            case 0x08 -> new String(body, StandardCharsets.UTF_16BE);
            case 0x01 -> new String(body, StandardCharsets.US_ASCII);
            case 0x03 -> new String(body, StandardCharsets.ISO_8859_1);
            case 0x00 -> Gsm7Alphabet.decodeUnpacked(body);
            default -> new String(body, StandardCharsets.ISO_8859_1);
        };
    }
}
