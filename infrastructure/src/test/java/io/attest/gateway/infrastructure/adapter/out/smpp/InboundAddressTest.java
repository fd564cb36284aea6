package io.attest.gateway.infrastructure.adapter.out.smpp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InboundAddressTest {

    @Test
    void internationalDigitsAreTakenAsTheyAre() {
        assertThat(InboundAddress.e164("15557654321", (byte) 1).e164()).isEqualTo("+15557654321");
        assertThat(InboundAddress.e164("447700900123", (byte) 1).e164()).isEqualTo("+447700900123");
    }

    @Test
    void tenNationalDigitsAreANorthAmericanNumber_notAForeignOne() {
        // "2125551234" read as international would be +212 (Morocco); sent as national (2) or unknown (0) it is New York
        assertThat(InboundAddress.e164("2125551234", (byte) 2).e164()).isEqualTo("+12125551234");
        assertThat(InboundAddress.e164("2125551234", (byte) 0).e164()).isEqualTo("+12125551234");
        assertThat(InboundAddress.e164("12125551234", (byte) 0).e164()).isEqualTo("+12125551234");
        assertThat(InboundAddress.e164("+2125551234", (byte) 0).e164()).isEqualTo("+2125551234"); // a plus sign says international
    }
}
