package io.attest.gateway.application.smppclient;

import io.attest.gateway.domain.shared.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SmppCredentialServiceTest {

    @Test
    void allowedAddressesAreIpLiteralsOrCidrBlocksWrittenOneWay() {
        assertThat(SmppCredentialService.normalisedBlock("127.0.0.1")).isEqualTo("127.0.0.1/32");
        assertThat(SmppCredentialService.normalisedBlock(" 127.1.0.0/16 ")).isEqualTo("127.1.0.0/16");
        assertThat(SmppCredentialService.normalisedBlock("::1")).isEqualTo("0:0:0:0:0:0:0:1/128");
        for (String bad : new String[] {"localhost", "example.com", "127.0.0.0/33", "::1/129", "127.0.0.1/x", "", "127.0.0.1/8/8"}) {
            assertThatThrownBy(() -> SmppCredentialService.normalisedBlock(bad)).as(bad)
                    .isInstanceOf(InvalidInputException.class);
        }
    }

    @Test
    void aBlockContainsTheAddressesOfItsPrefix() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        assertThat(SmppCredentialService.contains("127.0.0.0/8", loopback)).isTrue();
        assertThat(SmppCredentialService.contains("127.0.0.1/32", loopback)).isTrue();
        assertThat(SmppCredentialService.contains("127.0.0.2/32", loopback)).isFalse();
        assertThat(SmppCredentialService.contains("0:0:0:0:0:0:0:1/128", loopback)).as("IPv4 is not ::1").isFalse();
        assertThat(SmppCredentialService.contains("127.0.0.0/8", InetAddress.getByName("::ffff:127.0.0.1")))
                .as("an IPv4-mapped IPv6 address counts as its IPv4 address").isTrue();
        assertThat(SmppCredentialService.contains("0.0.0.0/0", loopback)).isTrue();
    }

    @Test
    void registeredDeliverySaysWhichReceiptsTheClientWants() {
        var delivered = io.attest.gateway.application.smppclient.port.out.SmppClientSessionsPort.Outcome.DELIVERED;
        var failed = io.attest.gateway.application.smppclient.port.out.SmppClientSessionsPort.Outcome.FAILED;
        assertThat(SmppDeliveryService.wants(0, delivered)).isFalse();
        assertThat(SmppDeliveryService.wants(1, delivered)).isTrue();
        assertThat(SmppDeliveryService.wants(1, failed)).isTrue();
        assertThat(SmppDeliveryService.wants(2, delivered)).isFalse();
        assertThat(SmppDeliveryService.wants(2, failed)).isTrue();
        assertThat(SmppDeliveryService.wants(3, delivered)).isTrue();
        assertThat(SmppDeliveryService.wants(3, failed)).isFalse();
        assertThat(SmppDeliveryService.wants(0x11, failed)).as("the other bits ask for other notifications").isTrue();
    }
}
