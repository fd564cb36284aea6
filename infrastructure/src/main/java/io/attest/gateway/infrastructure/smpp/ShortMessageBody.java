package io.attest.gateway.infrastructure.smpp;

import io.attest.gateway.domain.message.Gsm7Alphabet;
import org.jsmpp.bean.MessageRequest;
import org.jsmpp.bean.OptionalParameter;

import java.nio.charset.StandardCharsets;

/**
 * The user data of a {@code submit_sm} or {@code deliver_sm} as SMPP 3.4 carries it, read the same way by the
 * carrier adapter (inbound) and the SMSC simulator (outbound): the octets of {@code message_payload} when present,
 * else of {@code short_message}; a user data header when esm_class says there is one (bit 0x40); and the SAR TLVs,
 * which name the concatenation when present.
 *
 * @param header the concatenation (from the header or the SAR TLVs) and the header's length, which the fill bits of
 *               packed GSM-7 depend on
 * @param text   the octets after the header, still encoded by data_coding
 * @param viaMessagePayload whether the text came in {@code message_payload}
 */
public record ShortMessageBody(UserDataHeader header, byte[] text, boolean viaMessagePayload) {

    public static ShortMessageBody of(MessageRequest request) {
        OptionalParameter.Message_payload payload = request.getOptionalParameter(OptionalParameter.Message_payload.class);
        byte[] body = payload != null ? payload.getValue() : request.getShortMessage();
        body = body == null ? new byte[0] : body;
        UserDataHeader header = new UserDataHeader(0, 0, 1, 1);
        if ((request.getEsmClass() & 0x40) != 0 && body.length > 0) {
            header = UserDataHeader.parse(body);
            body = header.text(body);
        }
        OptionalParameter.Sar_msg_ref_num sar = request.getOptionalParameter(OptionalParameter.Sar_msg_ref_num.class);
        if (sar != null) {
            OptionalParameter.Sar_total_segments total =
                    request.getOptionalParameter(OptionalParameter.Sar_total_segments.class);
            OptionalParameter.Sar_segment_seqnum sequence =
                    request.getOptionalParameter(OptionalParameter.Sar_segment_seqnum.class);
            header = new UserDataHeader(header.octets(), sar.getValue() & 0xffff,
                    total == null ? 1 : total.getValue() & 0xff, sequence == null ? 1 : sequence.getValue() & 0xff);
        }
        return new ShortMessageBody(header, body, payload != null);
    }

    /**
     * The text by its data_coding (SMPP 3.4 §5.2.19): GSM-7 (unpacked first when the connection packs it), UCS-2
     * big-endian, ASCII, Latin-1; any other coding as Latin-1.
     */
    public String decodedText(byte dataCoding, boolean gsm7Packed) {
        return switch (dataCoding & 0xFF) {
            case 0x08 -> new String(text, StandardCharsets.UTF_16BE);
            case 0x01 -> new String(text, StandardCharsets.US_ASCII);
            case 0x03 -> new String(text, StandardCharsets.ISO_8859_1);
            case 0x00 -> Gsm7Alphabet.decodeUnpacked(gsm7Packed
                    ? Gsm7Packing.unpack(text, Gsm7Packing.fillBits(header.octets())) : text);
            default -> new String(text, StandardCharsets.ISO_8859_1);
        };
    }

    /**
     * The octets of a text as they follow a header of {@code headerOctets}: UCS-2 big-endian, or GSM-7 one septet per
     * octet, or packed when the connection packs it (the first septet after the header's fill bits).
     */
    public static byte[] encodeText(String text, boolean ucs2, int headerOctets, boolean gsm7Packed) {
        if (ucs2) {
            return text.getBytes(StandardCharsets.UTF_16BE);
        }
        byte[] septets = Gsm7Alphabet.encodeUnpacked(text);
        return gsm7Packed ? Gsm7Packing.pack(septets, Gsm7Packing.fillBits(headerOctets)) : septets;
    }
}
