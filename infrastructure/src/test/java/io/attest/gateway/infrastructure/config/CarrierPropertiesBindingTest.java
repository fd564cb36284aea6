package io.attest.gateway.infrastructure.config;

import io.attest.gateway.infrastructure.adapter.out.smpp.SmppCarrierAdapter;
import io.attest.gateway.infrastructure.adapter.out.smpp.SmppClientProperties;
import io.attest.gateway.infrastructure.simulator.SimulatorProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The carrier settings as an operator writes them, bound the way the gateway binds them at start-up. */
class CarrierPropertiesBindingTest {

    private static <T> T bind(String prefix, Class<T> type, Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate(prefix, type);
    }

    @Test
    void connectionsWithRoutesCapsAndMultipartBind() {
        SmppClientProperties smpp = bind("gateway.smpp", SmppClientProperties.class, Map.of(
                "gateway.smpp.system-id", "acct",
                "gateway.smpp.multipart", "sar",
                "gateway.smpp.connections[0].name", "a",
                "gateway.smpp.connections[0].host", "smsc-a.example",
                "gateway.smpp.connections[0].port", "2775",
                "gateway.smpp.connections[0].routes[0]", "+1555",
                "gateway.smpp.connections[0].max-submits-per-second", "80",
                "gateway.smpp.connections[1].name", "b",
                "gateway.smpp.connections[1].multipart", "payload"));

        assertThat(smpp.connections()).extracting(SmppClientProperties.Connection::name).containsExactly("a", "b");
        SmppClientProperties a = smpp.forConnection(smpp.connections().get(0));
        assertThat(a.host()).isEqualTo("smsc-a.example");
        assertThat(a.systemId()).isEqualTo("acct");
        assertThat(a.maxSubmitsPerSecond()).isEqualTo(80.0);
        assertThat(a.multipartMode()).isEqualTo(SmppCarrierAdapter.Multipart.SAR);
        assertThat(smpp.connections().get(0).routes()).containsExactly("+1555");
        assertThat(smpp.forConnection(smpp.connections().get(1)).multipartMode())
                .isEqualTo(SmppCarrierAdapter.Multipart.PAYLOAD);
    }

    @Test
    void withoutConnectionsTheOneConnectionSendsSegmentsWithAHeader() {
        SmppClientProperties smpp = bind("gateway.smpp", SmppClientProperties.class, Map.of());

        assertThat(smpp.connections()).isEmpty();
        assertThat(smpp.multipartMode()).isEqualTo(SmppCarrierAdapter.Multipart.UDH);
        assertThat(smpp.maxSubmitsPerSecond()).isZero();
    }

    @Test
    void theSimulatorsFaultsBindForDemos() {
        SimulatorProperties simulator = bind("gateway.simulator", SimulatorProperties.class, Map.of(
                "gateway.simulator.max-submits-per-second", "50",
                "gateway.simulator.response-delay", "2s",
                "gateway.simulator.receipts-before-responses", "true",
                "gateway.simulator.reverse-segment-receipts", "true",
                "gateway.simulator.rules[0].destination", "\\+1555010\\d{4}",
                "gateway.simulator.rules[0].outcome", "UNDELIVERABLE"));

        assertThat(simulator.maxSubmitsPerSecond()).isEqualTo(50);
        assertThat(simulator.responseDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(simulator.receiptsBeforeResponses()).isTrue();
        assertThat(simulator.reverseSegmentReceipts()).isTrue();
        assertThat(simulator.rules()).hasSize(1);
        assertThat(simulator.enabled()).isTrue();
    }
}
