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
    void bindTypeBindsWindowAddressingAndPackingBind_sharedAndPerConnection() {
        SmppClientProperties smpp = bind("gateway.smpp", SmppClientProperties.class, Map.ofEntries(
                Map.entry("gateway.smpp.bind-type", "transmitter-receiver"),
                Map.entry("gateway.smpp.binds", "3"),
                Map.entry("gateway.smpp.window", "25"),
                Map.entry("gateway.smpp.address-range", "^1555"),
                Map.entry("gateway.smpp.source-ton", "5"),
                Map.entry("gateway.smpp.source-npi", "0"),
                Map.entry("gateway.smpp.destination-ton", "1"),
                Map.entry("gateway.smpp.destination-npi", "1"),
                Map.entry("gateway.smpp.gsm7-packed", "true"),
                Map.entry("gateway.smpp.max-reconnect-delay", "30s"),
                Map.entry("gateway.smpp.connections[0].name", "a"),
                Map.entry("gateway.smpp.connections[0].window", "5"),
                Map.entry("gateway.smpp.connections[0].bind-type", "transceiver"),
                Map.entry("gateway.smpp.connections[1].name", "b")));

        SmppClientProperties a = smpp.forConnection(smpp.connections().get(0));
        SmppClientProperties b = smpp.forConnection(smpp.connections().get(1));
        assertThat(a.window()).isEqualTo(5);
        assertThat(a.separateReceiver()).isFalse();
        assertThat(a.binds()).isEqualTo(3);
        assertThat(b.window()).isEqualTo(25);
        assertThat(b.separateReceiver()).isTrue();
        assertThat(b.addressRange()).isEqualTo("^1555");
        assertThat(b.sourceTon()).isEqualTo(5);
        assertThat(b.sourceNpi()).isZero();
        assertThat(b.gsm7Packed()).isTrue();
        assertThat(b.maxReconnectDelay()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void nonsenseBindSettingsAreRefusedAtStartUp() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind("gateway.smpp", SmppClientProperties.class,
                Map.of("gateway.smpp.bind-type", "receiver"))).hasStackTraceContaining("transmitter-receiver");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind("gateway.smpp", SmppClientProperties.class,
                Map.of("gateway.smpp.window", "0"))).hasStackTraceContaining("window must be 1 to 1000");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> bind("gateway.smpp", SmppClientProperties.class,
                Map.of("gateway.smpp.source-npi", "7"))).hasStackTraceContaining("numbering plan");
    }

    @Test
    void withoutConnectionsTheOneConnectionSendsSegmentsWithAHeader() {
        SmppClientProperties smpp = bind("gateway.smpp", SmppClientProperties.class, Map.of());

        assertThat(smpp.connections()).isEmpty();
        assertThat(smpp.multipartMode()).isEqualTo(SmppCarrierAdapter.Multipart.UDH);
        assertThat(smpp.maxSubmitsPerSecond()).isZero();
        assertThat(smpp.bindType()).isEqualTo("transceiver");
        assertThat(smpp.binds()).isEqualTo(1);
        assertThat(smpp.window()).isEqualTo(10);
        assertThat(smpp.sourceTon()).isEqualTo(1);
        assertThat(smpp.gsm7Packed()).isFalse();
    }

    @Test
    void theSimulatorsFaultsBindForDemos() {
        SimulatorProperties simulator = bind("gateway.simulator", SimulatorProperties.class, Map.of(
                "gateway.simulator.max-submits-per-second", "50",
                "gateway.simulator.response-delay", "2s",
                "gateway.simulator.receipts-before-responses", "true",
                "gateway.simulator.reverse-segment-receipts", "true",
                "gateway.simulator.gsm7-packed", "true",
                "gateway.simulator.drop-connections-when-outstanding", "5",
                "gateway.simulator.malformed-pdu-interval", "30s",
                "gateway.simulator.throttle-after", "100",
                "gateway.simulator.rules[0].destination", "\\+1555010\\d{4}",
                "gateway.simulator.rules[0].outcome", "UNDELIVERABLE"));

        assertThat(simulator.maxSubmitsPerSecond()).isEqualTo(50);
        assertThat(simulator.responseDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(simulator.receiptsBeforeResponses()).isTrue();
        assertThat(simulator.reverseSegmentReceipts()).isTrue();
        assertThat(simulator.gsm7Packed()).isTrue();
        assertThat(simulator.dropConnectionsWhenOutstanding()).isEqualTo(5);
        assertThat(simulator.malformedPduInterval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(simulator.throttleAfter()).isEqualTo(100);
        assertThat(simulator.rules()).hasSize(1);
        assertThat(simulator.enabled()).isTrue();
    }
}
