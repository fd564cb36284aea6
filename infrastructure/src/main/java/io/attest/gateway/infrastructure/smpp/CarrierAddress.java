package io.attest.gateway.infrastructure.smpp;

import io.attest.gateway.domain.shared.PhoneNumber;

/**
 * Addresses on the SMPP wire and the E.164 numbers they stand for, by type of number (SMPP 3.4 §5.2.5).
 *
 * <p>International ({@code ton} 1) and unknown: the E.164 digits without the plus sign. National ({@code ton} 2): a
 * North American number (+1) goes as its ten digits, as US carriers that ask for national format expect; a number
 * outside it has no national form the gateway could know, so it goes as its international digits.
 *
 * <p>Read back, international digits are taken as they are; otherwise, as US carriers send national numbers, ten digits
 * are a North American number (+1) and eleven starting with 1 carry the country code already. So a STOP from a number
 * sent in national format is recorded against the subscriber's own number, not against a foreign one made of the same
 * digits.
 */
public final class CarrierAddress {

    private static final byte INTERNATIONAL = 1;
    private static final byte NATIONAL = 2;

    private CarrierAddress() {
    }

    /** The digits to put on the wire for an E.164 number sent with this type of number. */
    public static String toCarrier(String e164, byte typeOfNumber) {
        String digits = e164.startsWith("+") ? e164.substring(1) : e164;
        if (typeOfNumber == NATIONAL && digits.length() == 11 && digits.startsWith("1")) {
            return digits.substring(1);
        }
        return digits;
    }

    /** The E.164 number an address from the SMSC stands for. */
    public static PhoneNumber fromCarrier(String address, byte typeOfNumber) {
        String digits = address.strip().replaceFirst("^\\+", "");
        if (typeOfNumber != INTERNATIONAL && !address.strip().startsWith("+")) {
            if (digits.length() == 10 && digits.matches("[2-9][0-9]{9}")) {
                return PhoneNumber.of("+1" + digits);
            }
        }
        return PhoneNumber.of("+" + digits);
    }
}
