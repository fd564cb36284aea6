package io.attest.gateway.domain.shared;

import java.util.regex.Pattern;

/** A phone number in E.164 form: a plus sign, a country code that does not start with 0, at most 15 digits. */
public record PhoneNumber(String e164) {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    public PhoneNumber {
        if (e164 == null || !E164.matcher(e164).matches()) {
            throw new InvalidInputException(ErrorCode.INVALID_PHONE_NUMBER,
                    "'" + e164 + "' is not an E.164 number (a plus sign and 2 to 15 digits, e.g. +15551234567)");
        }
    }

    public static PhoneNumber of(String e164) {
        return new PhoneNumber(e164);
    }

    /** The number without its plus sign, as SMPP addresses carry it with TON international. */
    public String digits() {
        return e164.substring(1);
    }

    @Override
    public String toString() {
        return e164;
    }
}
