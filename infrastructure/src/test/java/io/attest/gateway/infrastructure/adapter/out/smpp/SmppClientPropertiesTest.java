package io.attest.gateway.infrastructure.adapter.out.smpp;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmppClientPropertiesTest {

    private static SmppClientProperties with(String systemId, String password, String systemType) {
        return new SmppClientProperties("smsc.example", 2775, systemId, password, systemType, null, null, null, null);
    }

    @Test
    void credentialsLongerThanSmppAllowsAreRefusedAtStartUpNamingTheProperty() {
        assertThatThrownBy(() -> with("attest", "carrier-pass", ""))
                .hasMessageContaining("gateway.smpp.password").hasMessageContaining("at most 8");
        assertThatThrownBy(() -> with("a-very-long-system-id", "secret", ""))
                .hasMessageContaining("gateway.smpp.system-id");
        assertThatThrownBy(() -> with("attest", "secret", "thirteen-char"))
                .hasMessageContaining("gateway.smpp.system-type");
    }

    @Test
    void fillsDefaultsForWhatIsNotConfigured() {
        SmppClientProperties properties = new SmppClientProperties(null, null, null, null, null, null, null, null, null);
        assertThat(properties.hostConfigured()).isFalse();
        assertThat(properties.systemId()).isEqualTo("attest");
        assertThat(properties.enquireLinkInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(with("attest1234567890".substring(0, 15), "12345678", "123456789012").systemId()).hasSize(15);
    }

    @Test
    void connectionsNeedAName_aPortWithTheirHost_andE164Routes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SmppClientProperties.Connection("Bad Name", null, null,
                null, null, null, null, null)).hasMessageContaining("name");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SmppClientProperties.Connection("a", "smsc.example",
                null, null, null, null, null, null)).hasMessageContaining("port");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SmppClientProperties.Connection("a", null, null,
                null, null, null, null, java.util.List.of("1555"))).hasMessageContaining("E.164 prefix");
        var a = new SmppClientProperties.Connection("a", "smsc.example", 2775, "other", null, null, 50.0,
                java.util.List.of("+1555"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SmppClientProperties(null, null, null, null, null,
                null, null, null, null, null, java.util.List.of(a, a))).hasMessageContaining("used twice");

        var merged = new SmppClientProperties(null, null, "attest", "secret", "", null, null, null, null, null,
                java.util.List.of(a)).forConnection(a);
        org.assertj.core.api.Assertions.assertThat(merged.systemId()).isEqualTo("other");
        org.assertj.core.api.Assertions.assertThat(merged.password()).isEqualTo("secret");
        org.assertj.core.api.Assertions.assertThat(merged.maxSubmitsPerSecond()).isEqualTo(50.0);
        org.assertj.core.api.Assertions.assertThat(merged.host()).isEqualTo("smsc.example");
    }
}
