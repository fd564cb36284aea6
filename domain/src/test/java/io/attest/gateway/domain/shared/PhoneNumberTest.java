package io.attest.gateway.domain.shared;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhoneNumberTest {

    @ParameterizedTest
    @ValueSource(strings = {"+15551234567", "+447911123456", "+12", "+123456789012345"})
    void acceptsE164(String number) {
        assertThat(PhoneNumber.of(number).e164()).isEqualTo(number);
        assertThat(PhoneNumber.of(number).digits()).isEqualTo(number.substring(1));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"15551234567", "+05551234567", "+1 555 123 4567", "+1555123456789012", "+1",
            "+1555abc4567", "tel:+15551234567"})
    void refusesAnythingElseWithAStableCode(String number) {
        assertThatThrownBy(() -> PhoneNumber.of(number))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PHONE_NUMBER));
    }
}
