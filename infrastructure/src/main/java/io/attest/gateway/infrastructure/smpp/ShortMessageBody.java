package io.attest.gateway.infrastructure.smpp;

import io.attest.gateway.domain.message.UserDataHeader;
import org.jsmpp.bean.MessageRequest;
import org.jsmpp.bean.OptionalParameter;

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
}
