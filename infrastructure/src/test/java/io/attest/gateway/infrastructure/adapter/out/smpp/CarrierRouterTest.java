package io.attest.gateway.infrastructure.adapter.out.smpp;

import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.CarrierUnavailableException;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.OutboundSms;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.Refused;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.Submitted;
import io.attest.gateway.domain.message.DeliveryReceipt;
import io.attest.gateway.domain.message.MessageContent;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.infrastructure.simulator.SimulatorProperties;
import io.attest.gateway.infrastructure.simulator.SmscSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.attest.gateway.infrastructure.support.Eventually.await;
import static io.attest.gateway.infrastructure.support.Eventually.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two carrier connections to two SMSC simulators over real TCP: routes by prefix, failover, ids that never collide. */
class CarrierRouterTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final List<DeliveryReceipt> receipts = new CopyOnWriteArrayList<>();
    private io.attest.gateway.infrastructure.support.SimulatorProbe smscA;
    private io.attest.gateway.infrastructure.support.SimulatorProbe smscB;
    private SmppCarrierAdapter a;
    private SmppCarrierAdapter b;
    private CarrierRouter router;

    private static io.attest.gateway.infrastructure.support.SimulatorProbe simulator() throws Exception {
        SmscSimulator simulator = new SmscSimulator(new SimulatorProperties(true, 0, "attest", "attest",
                Duration.ofMillis(20), List.of()));
        simulator.start();
        return io.attest.gateway.infrastructure.support.SimulatorProbe.on(simulator);
    }

    private SmppCarrierAdapter connection(String name, String prefix, io.attest.gateway.infrastructure.support.SimulatorProbe smsc) {
        return CarrierAdapters.of(new SmppClientProperties(null, null, "attest", "attest", "", Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(5)),
                new SmscEndpoint("127.0.0.1", smsc.port()), receipts::add, (from, to, text) -> { }, name, prefix);
    }

    @BeforeEach
    void twoCarriers() throws Exception {
        smscA = simulator();
        smscB = simulator();
        a = connection("a", "", smscA);
        b = connection("b", "b:", smscB);
        router = new CarrierRouter(List.of(new CarrierRouter.Route(a, List.of("+1555")),
                new CarrierRouter.Route(b, List.of())));
        router.start();
        awaitTrue(BOUND, "both binds", () -> a.isBound() && b.isBound());
    }

    @AfterEach
    void stop() {
        router.stop();
        smscA.stop();
        smscB.stop();
    }

    private static OutboundSms sms(String to, String text) {
        return new OutboundSms(MessageId.of("m-" + text.hashCode()), "+15551234567", to, text,
                MessageContent.of(text).encoding());
    }

    @Test
    void aDestinationGoesToTheConnectionWhoseRouteMatchesAndTheDecisionIsNamed() {
        Submitted viaA = (Submitted) router.submit(sms("+15557654321", "to a"));
        Submitted viaB = (Submitted) router.submit(sms("+447700900123", "to b"));

        assertThat(viaA.route()).isEqualTo("via a (route +1555)");
        assertThat(smscA.received()).extracting(SmscSimulator.ReceivedSubmit::text).containsExactly("to a");
        assertThat(viaB.route()).isEqualTo("via b (every destination)");
        assertThat(smscB.received()).extracting(SmscSimulator.ReceivedSubmit::text).containsExactly("to b");
    }

    @Test
    void whenTheRoutesConnectionIsDownTheNextOneTakesItAndSaysSo() {
        smscA.stop();
        awaitTrue(BOUND, "a's bind lost", () -> !a.isBound());

        Submitted submitted = (Submitted) router.submit(sms("+15557654321", "failover"));

        assertThat(submitted.route()).isEqualTo("via b (every destination), failed over from a (not bound)");
        assertThat(router.canSubmit("+15557654321")).isTrue();
        assertThat(smscB.received()).extracting(SmscSimulator.ReceivedSubmit::text).containsExactly("failover");
        assertThat(router.canSubmit()).isTrue();
    }

    @Test
    void carrierIdsOfTheSecondConnectionAreNamespacedInSubmitsAndReceipts() {
        Submitted submitted = (Submitted) router.submit(sms("+447700900123", "namespaced"));

        assertThat(submitted.carrierMessageId().value()).startsWith("b:")
                .isEqualTo("b:" + smscB.received().getLast().messageId());
        DeliveryReceipt receipt = await(BOUND, "b's receipt", () -> receipts.stream()
                .filter(r -> r.carrierMessageId().equals(submitted.carrierMessageId())).findFirst());
        assertThat(receipt.carrierStatus()).isEqualTo("DELIVRD");
    }

    @Test
    void withEveryConnectionDownTheMessageWaitsAndWithNoRouteItIsRefused() {
        smscA.stop();
        smscB.stop();
        awaitTrue(BOUND, "both binds lost", () -> !a.isBound() && !b.isBound());

        assertThat(router.canSubmit()).isFalse();
        assertThat(router.canSubmit("+15557654321")).isFalse(); // the dispatcher waits without recording an attempt
        assertThatThrownBy(() -> router.submit(sms("+15557654321", "waits")))
                .isInstanceOf(CarrierUnavailableException.class).hasMessageContaining("a, b");

        CarrierRouter onlyUs = new CarrierRouter(List.of(new CarrierRouter.Route(a, List.of("+1"))));
        assertThat(onlyUs.canSubmit("+447700900123")).isTrue(); // not routed at all: refused at once, not waiting
        assertThat(onlyUs.submit(sms("+447700900123", "nowhere"))).isInstanceOfSatisfying(Refused.class,
                refused -> assertThat(refused.errorCode()).isEqualTo("no-route"));
    }
}
