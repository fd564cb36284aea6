package io.attest.gateway.application.idempotency;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RequestFingerprintTest {

    @Test
    void theFormStoredWithEveryKeyStaysTheSame() {
        // fixed values: a change of the form would refuse the retries of keys stored before it as reused
        assertThat(RequestFingerprint.ofSend("+15551234567", "+15557654321", "hi", null, null, Duration.ofMinutes(10)))
                .isEqualTo("81afff6683dd1f4e88f9ea9f852a4a9cc0559826e12f4516d6e6fc380ac51f01");
        assertThat(RequestFingerprint.ofSend("+15551234567", "+15557654321", "hi", "acme-otp", "https://hooks.example/x",
                null)).isEqualTo("11498c6cd7063bda5058fcbf4cd6f6c5e351ce6ac7d5c165abec3c768746e23f");
    }

    @Test
    void oneDurationWrittenTwoWaysIsOneRequestAndAnyOtherFieldMakesAnother() {
        String base = RequestFingerprint.ofSend("+15551234567", "+15557654321", "hi", null, null, Duration.parse("PT600S"));
        assertThat(RequestFingerprint.ofSend("+15551234567", "+15557654321", "hi", null, null, Duration.parse("PT10M")))
                .isEqualTo(base);
        assertThat(RequestFingerprint.ofSend("+15551234567", "+15557654321", "hi!", null, null, Duration.parse("PT10M")))
                .isNotEqualTo(base);
        assertThat(RequestFingerprint.ofSend("+15551234567", "+15557654321", "hi", "acme-otp", null,
                Duration.parse("PT10M"))).isNotEqualTo(base);
        assertThat(RequestFingerprint.ofSend("+15551234567", "+15557654321", "hi", null, null, null)).isNotEqualTo(base);
    }
}
