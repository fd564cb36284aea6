package io.attest.gateway.application.shared;

import java.security.SecureRandom;

/** Credentials' names and passwords the gateway draws: letters and digits from a secure random source. */
public final class RandomTokens {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomTokens() {
    }

    /** {@code length} characters of 62 letters and digits (about 5.95 bits each). */
    public static String draw(int length) {
        StringBuilder drawn = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            drawn.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return drawn.toString();
    }
}
