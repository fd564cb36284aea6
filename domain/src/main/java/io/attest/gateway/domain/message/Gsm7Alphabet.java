package io.attest.gateway.domain.message;

/**
 * The GSM 03.38 default alphabet and its extension table. A character of the basic set costs one septet,
 * one of the extension table two (escape + character); anything else cannot be sent in GSM-7.
 */
public final class Gsm7Alphabet {

    /** The basic character set, in code point order 0x00-0x7F (0x1B is the escape to the extension table). */
    static final String BASIC =
            "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
                    + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /** Characters reached through the escape: form feed, ^ { } \ [ ~ ] | and the euro sign. */
    static final String EXTENSION = "\f^{}\\[~]|€";

    private Gsm7Alphabet() {
    }

    public static boolean isBasic(int codePoint) {
        return codePoint != 0x1B && codePoint < 0x10000 && BASIC.indexOf(codePoint) >= 0;
    }

    public static boolean isExtension(int codePoint) {
        return codePoint < 0x10000 && EXTENSION.indexOf(codePoint) >= 0;
    }

    /** Septets one character costs in GSM-7, or -1 when it cannot be sent in GSM-7. */
    public static int septets(int codePoint) {
        if (isBasic(codePoint)) {
            return 1;
        }
        if (isExtension(codePoint)) {
            return 2;
        }
        return -1;
    }

    /** The GSM 03.38 code of a basic character, or -1. */
    public static int basicCode(int codePoint) {
        return codePoint == 0x1B || codePoint >= 0x10000 ? -1 : BASIC.indexOf(codePoint);
    }

    /** The code after the escape for an extension character, or -1. */
    public static int extensionCode(int codePoint) {
        return switch (codePoint) {
            case '\f' -> 0x0A;
            case '^' -> 0x14;
            case '{' -> 0x28;
            case '}' -> 0x29;
            case '\\' -> 0x2F;
            case '[' -> 0x3C;
            case '~' -> 0x3D;
            case ']' -> 0x3E;
            case '|' -> 0x40;
            case '€' -> 0x65;
            default -> -1;
        };
    }

    /**
     * Encodes a GSM-7 text one septet per octet (SMPP data_coding 0x00, unpacked), extension characters as
     * the escape 0x1B followed by their code.
     *
     * @throws IllegalArgumentException when the text has a character outside the alphabet
     */
    public static byte[] encodeUnpacked(String text) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(text.length());
        text.codePoints().forEach(cp -> {
            int basic = basicCode(cp);
            if (basic >= 0) {
                out.write(basic);
                return;
            }
            int extension = extensionCode(cp);
            if (extension < 0) {
                throw new IllegalArgumentException("not in the GSM 03.38 alphabet: U+" + Integer.toHexString(cp));
            }
            out.write(0x1B);
            out.write(extension);
        });
        return out.toByteArray();
    }

    /** Decodes unpacked GSM-7 octets; an unknown escape sequence decodes as a space, as handsets do. */
    public static String decodeUnpacked(byte[] septets) {
        StringBuilder text = new StringBuilder(septets.length);
        for (int i = 0; i < septets.length; i++) {
            int code = septets[i] & 0x7F;
            if (code == 0x1B && i + 1 < septets.length) {
                int next = septets[++i] & 0x7F;
                int index = EXTENSION_CODES.indexOf((char) next);
                text.append(index >= 0 ? EXTENSION.charAt(index) : ' ');
            } else {
                text.append(BASIC.charAt(code));
            }
        }
        return text.toString();
    }

    /** The codes after the escape, in the order of {@link #EXTENSION}. */
    private static final String EXTENSION_CODES =
            String.valueOf(new char[] {0x0A, 0x14, 0x28, 0x29, 0x2F, 0x3C, 0x3D, 0x3E, 0x40, 0x65});
}
