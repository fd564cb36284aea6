package io.attest.gateway.infrastructure.smpp;

/**
 * GSM 03.38 septets packed seven bits each into octets, least significant bits first (3GPP TS 23.038 §6.1.2.1.1),
 * as SMSCs configured for packed GSM-7 expect in short_message. After a user data header the septets start on the
 * next septet boundary (3GPP TS 23.040 §9.2.3.24): {@code fillBits} zero bits come first.
 */
public final class Gsm7Packing {

    private static final int CR = 0x0D;

    private Gsm7Packing() {
    }

    /** The fill bits that put the first septet on a septet boundary after a header of {@code headerOctets}. */
    public static int fillBits(int headerOctets) {
        return (7 - (headerOctets * 8) % 7) % 7;
    }

    /**
     * Packs one octet per septet into seven bits per septet, never into more octets than the septets need. When the
     * last octet would have seven unused bits, a carriage return fills them (TS 23.038 §6.1.2.3.1), so the receiver
     * does not read an {@code @}. A text that itself ends with a carriage return on an octet boundary loses it at the
     * receiver, which takes it for that padding: the specification's remedy, a second carriage return, would need one
     * more octet, and a full segment has none to spare.
     */
    public static byte[] pack(byte[] septets, int fillBits) {
        int bits = fillBits + septets.length * 7;
        int length = (bits + 7) / 8;
        boolean padWithCr = length * 8 - bits == 7;
        byte[] packed = new byte[length];
        int position = fillBits;
        for (byte septet : septets) {
            position = put(packed, position, septet & 0x7F);
        }
        if (padWithCr) {
            put(packed, position, CR);
        }
        return packed;
    }

    private static int put(byte[] packed, int position, int septet) {
        int index = position / 8;
        int shift = position % 8;
        packed[index] |= (byte) (septet << shift);
        if (shift > 1 && index + 1 < packed.length) {
            packed[index + 1] |= (byte) (septet >> (8 - shift));
        }
        return position + 7;
    }

    /**
     * Unpacks seven-bit septets into one octet each: as many as the octets hold after the fill bits. A carriage return
     * in the last seven bits of a full octet is the padding of {@link #pack} and is dropped.
     */
    public static byte[] unpack(byte[] packed, int fillBits) {
        int count = (packed.length * 8 - fillBits) / 7;
        byte[] septets = new byte[count];
        for (int i = 0; i < count; i++) {
            int position = fillBits + i * 7;
            int index = position / 8;
            int shift = position % 8;
            int value = (packed[index] & 0xFF) >> shift;
            if (shift > 1 && index + 1 < packed.length) {
                value |= (packed[index + 1] & 0xFF) << (8 - shift);
            }
            septets[i] = (byte) (value & 0x7F);
        }
        if (count > 0 && (packed.length * 8 - fillBits) % 7 == 0 && septets[count - 1] == CR) {
            return java.util.Arrays.copyOf(septets, count - 1);
        }
        return septets;
    }
}
