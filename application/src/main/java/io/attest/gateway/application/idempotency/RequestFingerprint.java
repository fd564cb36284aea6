package io.attest.gateway.application.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * What "the same request" means for an idempotency key: a SHA-256 of the request's fields, so that a retry with the
 * same message is recognised whatever the JSON layout, and one with another message is not. The form is stored with
 * every key: it never changes, or retries of keys stored before would be refused as reused.
 */
public final class RequestFingerprint {

    private RequestFingerprint() {
    }

    /** The fingerprint of a send, from its fields as the client gave them (null where it gave none). */
    public static String ofSend(String from, String to, String text, String campaignId, String webhookUrl,
                                Duration validFor) {
        return ofSend(from, to, text, campaignId, webhookUrl, validFor, null);
    }

    /** The same, for a send scheduled at {@code sendAt} (null for none): another time is another request. */
    public static String ofSend(String from, String to, String text, String campaignId, String webhookUrl,
                                Duration validFor, java.time.Instant sendAt) {
        String canonical = String.join("\u0000", String.valueOf(from), String.valueOf(to), String.valueOf(text),
                String.valueOf(campaignId))
                + (webhookUrl == null ? "" : "\u0000" + webhookUrl)
                + (validFor == null ? "" : "\u0001" + validFor) // PT600S and PT10M are one duration
                + (sendAt == null ? "" : "\u0002" + sendAt);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonical.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
