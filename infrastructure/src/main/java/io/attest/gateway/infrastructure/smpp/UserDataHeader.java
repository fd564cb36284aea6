package io.attest.gateway.infrastructure.smpp;

import java.util.Arrays;

/**
 * The user data header at the start of a short message's octets (3GPP TS 23.040 §9.2.3.24), as SMPP carries it with
 * esm_class bit 0x40: its length, and the concatenation element if there is one (8-bit reference, element 0x00, or
 * 16-bit, element 0x08). Other elements are skipped; an element running past the header is ignored.
 *
 * @param octets    the header's octets, its length octet included (the text starts after them)
 * @param reference the concatenation reference; 0 when the header has no concatenation element
 * @param total     how many segments the message has; 1 without concatenation
 * @param sequence  this segment's place, from 1; 1 without concatenation
 */
public record UserDataHeader(int octets, int reference, int total, int sequence) {

    /** The header at the start of {@code userData}; none (0 octets) for empty user data. */
    public static UserDataHeader parse(byte[] userData) {
        if (userData.length == 0) {
            return new UserDataHeader(0, 0, 1, 1);
        }
        int octets = Math.min(userData.length, (userData[0] & 0xff) + 1);
        int reference = 0;
        int total = 1;
        int sequence = 1;
        for (int i = 1; i + 1 < octets; i += 2 + (userData[i + 1] & 0xff)) {
            int element = userData[i] & 0xff;
            int length = userData[i + 1] & 0xff;
            if (element == 0x00 && length == 3 && i + 4 < octets) {
                reference = userData[i + 2] & 0xff;
                total = userData[i + 3] & 0xff;
                sequence = userData[i + 4] & 0xff;
            } else if (element == 0x08 && length == 4 && i + 5 < octets) {
                reference = ((userData[i + 2] & 0xff) << 8) | (userData[i + 3] & 0xff);
                total = userData[i + 4] & 0xff;
                sequence = userData[i + 5] & 0xff;
            }
        }
        return new UserDataHeader(octets, reference, total, sequence);
    }

    /** The octets after the header: the segment's text, still encoded. */
    public byte[] text(byte[] userData) {
        return Arrays.copyOfRange(userData, octets, userData.length);
    }
}
