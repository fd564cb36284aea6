package io.attest.gateway.infrastructure.smpp;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CarrierAddressTest {

    @Test
    void internationalDigitsAreTakenAsTheyAre() {
        assertThat(CarrierAddress.fromCarrier("15557654321", (byte) 1).e164()).isEqualTo("+15557654321");
        assertThat(CarrierAddress.fromCarrier("447700900123", (byte) 1).e164()).isEqualTo("+447700900123");
    }

    @Test
    void tenNationalDigitsAreANorthAmericanNumber_notAForeignOne() {
        // "2125551234" read as international would be +212 (Morocco); sent as national (2) or unknown (0) it is New York
        assertThat(CarrierAddress.fromCarrier("2125551234", (byte) 2).e164()).isEqualTo("+12125551234");
        assertThat(CarrierAddress.fromCarrier("2125551234", (byte) 0).e164()).isEqualTo("+12125551234");
        assertThat(CarrierAddress.fromCarrier("12125551234", (byte) 0).e164()).isEqualTo("+12125551234");
        assertThat(CarrierAddress.fromCarrier("+2125551234", (byte) 0).e164()).isEqualTo("+2125551234"); // a plus sign says international
    }

    @Test
    void aNorthAmericanNumberSentAsNationalGoesAsItsTenDigits_andEveryOtherAsItsInternationalDigits() {
        assertThat(CarrierAddress.toCarrier("+12125551234", (byte) 2)).isEqualTo("2125551234");
        assertThat(CarrierAddress.toCarrier("+12125551234", (byte) 1)).isEqualTo("12125551234");
        assertThat(CarrierAddress.toCarrier("+12125551234", (byte) 0)).isEqualTo("12125551234");
        assertThat(CarrierAddress.toCarrier("+447700900123", (byte) 2)).isEqualTo("447700900123"); // no national form known
    }

    @Test
    void whatGoesOutAsNationalComesBackAsTheSameNumber() {
        String wire = CarrierAddress.toCarrier("+12125551234", (byte) 2);
        assertThat(CarrierAddress.fromCarrier(wire, (byte) 2).e164()).isEqualTo("+12125551234");
    }
}
