package io.attest.gateway.infrastructure.adapter.out.phonenumbers;

import io.attest.gateway.domain.shared.PhoneNumber;
import org.junit.jupiter.api.Test;

import java.time.ZoneId;

import static org.assertj.core.api.Assertions.assertThat;

class LibPhoneNumberTimeZoneAdapterTest {

    private final LibPhoneNumberTimeZoneAdapter zones = new LibPhoneNumberTimeZoneAdapter();

    @Test
    void aMiamiNumberIsInEasternTime() {
        assertThat(zones.zonesOf(PhoneNumber.of("+13055550123"))).containsExactly(ZoneId.of("America/New_York"));
    }

    @Test
    void anOklahomaCityNumberIsInCentralTime() {
        assertThat(zones.zonesOf(PhoneNumber.of("+14055550123"))).containsExactly(ZoneId.of("America/Chicago"));
    }

    @Test
    void aUsNumberThePrefixDataDoesNotKnowMayBeInAnyContinentalZone() {
        assertThat(zones.zonesOf(PhoneNumber.of("+15555550123")))
                .isEqualTo(LibPhoneNumberTimeZoneAdapter.CONTINENTAL_US);
    }

    @Test
    void aLondonNumberIsInLondon() {
        assertThat(zones.zonesOf(PhoneNumber.of("+442079460000"))).containsExactly(ZoneId.of("Europe/London"));
    }

    @Test
    void aNumberAskedAboutAgainGetsTheSameAnswerAndAFullMemoryStartsOver() {
        var miami = PhoneNumber.of("+13055550123");
        var first = zones.zonesOf(miami);
        assertThat(zones.zonesOf(miami)).isSameAs(first); // kept, not looked up again
        for (int i = 0; i < LibPhoneNumberTimeZoneAdapter.REMEMBERED; i++) {
            zones.zonesOf(PhoneNumber.of("+1405555" + String.format("%04d", i % 10_000) + (i / 10_000)));
        }
        var again = zones.zonesOf(miami);
        assertThat(again).isNotSameAs(first).isEqualTo(first).containsExactly(ZoneId.of("America/New_York"));
        assertThat(zones.zonesOf(PhoneNumber.of("+14055550123"))).containsExactly(ZoneId.of("America/Chicago"));
    }
}
