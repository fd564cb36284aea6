package io.attest.gateway.domain.consent;

import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The proof the sender must keep for a consent (16 CFR 310.5(a)(8); rules §1): what was shown, as it was
 * shown (the text itself and its SHA-256, so a stored copy elsewhere can be matched), what the subscriber
 * did to agree, where, and from which device.
 *
 * @param disclosureShown  the request/disclosure text exactly as shown to the subscriber
 * @param disclosureSha256 SHA-256 (hex) of {@code disclosureShown} in UTF-8, computed here
 * @param consentGiven     a copy of the consent given: the checkbox label ticked, the keyword texted...
 * @param sourceReference  where to find the original: page URL and version, form id, recording id
 * @param ipAddress        for web consent: the subscriber's IP address
 * @param userAgent        for web consent: the subscriber's browser
 * @param subscriberName   the person's name, when known
 */
public record ConsentEvidence(ConsentChannel channel, String disclosureShown, String disclosureSha256,
                              String consentGiven, String sourceReference, String ipAddress, String userAgent,
                              String subscriberName) {

    public static ConsentEvidence of(ConsentChannel channel, String disclosureShown, String consentGiven,
                                     String sourceReference, String ipAddress, String userAgent, String subscriberName) {
        if (channel == null) {
            throw invalid("the consent channel is required");
        }
        if (disclosureShown == null || disclosureShown.isBlank()) {
            throw invalid("the disclosure text as shown to the subscriber is required");
        }
        if (consentGiven == null || consentGiven.isBlank()) {
            throw invalid("a copy of the consent given is required (checkbox label, keyword texted, ...)");
        }
        for (String field : new String[] {disclosureShown, consentGiven, sourceReference, ipAddress, userAgent, subscriberName}) {
            if (field != null && field.indexOf('\u0000') >= 0) {
                throw invalid("evidence must not contain a NUL character (U+0000)");
            }
        }
        if (channel == ConsentChannel.WEB_FORM && (isBlank(ipAddress) || isBlank(userAgent))) {
            throw invalid("web consent needs the subscriber's IP address and user agent");
        }
        return new ConsentEvidence(channel, disclosureShown, sha256(disclosureShown), consentGiven, sourceReference,
                ipAddress, userAgent, subscriberName);
    }

    /** 64.1200(f)(9): written consent must disclose that agreeing is not a condition of purchase. */
    public boolean disclosesNoConditionOfPurchase() {
        String text = disclosureShown.toLowerCase(Locale.ROOT);
        return text.contains("not a condition of") && text.contains("purchase");
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static InvalidInputException invalid(String message) {
        return new InvalidInputException(ErrorCode.INVALID_CONSENT, message);
    }
}
