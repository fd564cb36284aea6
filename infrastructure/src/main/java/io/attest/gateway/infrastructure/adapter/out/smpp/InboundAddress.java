package io.attest.gateway.infrastructure.adapter.out.smpp;

import io.attest.gateway.domain.shared.PhoneNumber;

/**
 * The E.164 number of an inbound message's address as the SMSC gives it: international ({@code addr_ton} 1) digits
 * as they are; otherwise, as US carriers send national numbers, ten digits are a North American number (+1) and
 * eleven starting with 1 carry the country code already. So a STOP from a number sent in national format is recorded
 * against the subscriber's own number, not against a foreign one made of the same digits.
 */
final class InboundAddress {

    private static final byte INTERNATIONAL = 1;

    private InboundAddress() {
    }

    static PhoneNumber e164(String address, byte typeOfNumber) {
        String digits = address.strip().replaceFirst("^\\+", "");
        if (typeOfNumber != INTERNATIONAL && !address.strip().startsWith("+")) {
            if (digits.length() == 10 && digits.matches("[2-9][0-9]{9}")) {
                return PhoneNumber.of("+1" + digits);
            }
        }
        return PhoneNumber.of("+" + digits);
    }
}
