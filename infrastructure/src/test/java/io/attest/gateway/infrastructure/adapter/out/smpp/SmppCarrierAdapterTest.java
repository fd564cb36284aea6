package io.attest.gateway.infrastructure.adapter.out.smpp;

import io.attest.gateway.application.message.port.in.RecordDeliveryReceiptUseCase;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.CarrierUnavailableException;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.OutboundSms;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.Refused;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.SubmissionResult;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.Submitted;
import io.attest.gateway.domain.message.DeliveryReceipt;
import io.attest.gateway.domain.message.MessageContent;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.ReceiptOutcome;
import io.attest.gateway.infrastructure.simulator.SimulatedOutcome;
import io.attest.gateway.infrastructure.simulator.SimulatorProperties;
import io.attest.gateway.infrastructure.simulator.SmscSimulator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.attest.gateway.infrastructure.support.Eventually.await;
import static io.attest.gateway.infrastructure.support.Eventually.awaitTrue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The SMPP client adapter against the built-in SMSC simulator over real TCP on loopback. */
class SmppCarrierAdapterTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final List<DeliveryReceipt> receipts = new CopyOnWriteArrayList<>();
    private final RecordDeliveryReceiptUseCase recorder = receipts::add;
    private final List<String> inbound = new CopyOnWriteArrayList<>();
    private io.attest.gateway.infrastructure.support.SimulatorProbe simulator;
    private SmppCarrierAdapter adapter;

    @BeforeEach
    void startSimulatorAndBind() throws Exception {
        simulator = io.attest.gateway.infrastructure.support.SimulatorProbe.on(new SmscSimulator(new SimulatorProperties(true, 0, "attest", "attest", Duration.ofMillis(20),
                List.of(new SimulatorProperties.Rule("\\+1555010\\d{4}", SimulatedOutcome.UNDELIVERABLE)))));
        simulator.start();
        adapter = adapter("attest");
        adapter.start();
        awaitTrue(BOUND, "transceiver bind", adapter::isBound);
    }

    private SmppCarrierAdapter adapter(String password) {
        return CarrierAdapters.of(new SmppClientProperties(null, null, "attest", password, "", Duration.ofSeconds(30),
                Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(5)),
                new SmscEndpoint("127.0.0.1", simulator.port()), recorder,
                (from, to, text) -> inbound.add(from + ">" + to + ":" + text));
    }

    @AfterEach
    void stop() {
        adapter.stop();
        simulator.stop();
    }

    private static OutboundSms sms(String to, String text) {
        return new OutboundSms(MessageId.of("m-" + text.hashCode()), "+15551234567", to, text,
                MessageContent.of(text).encoding());
    }

    private DeliveryReceipt receiptFor(String carrierId) {
        return await(BOUND, "receipt for " + carrierId, () -> receipts.stream()
                .filter(r -> r.carrierMessageId().value().equals(carrierId)).findFirst());
    }

    @Test
    void submitsGsm7TextAndCorrelatesTheDeliveredReceipt() {
        SubmissionResult result = adapter.submit(sms("+15557654321", "Your code is 123456 @ $5 {ok}"));

        String carrierId = ((Submitted) result).carrierMessageId().value();
        SmscSimulator.ReceivedSubmit received = simulator.received().getLast();
        assertThat(received.messageId()).isEqualTo(carrierId);
        assertThat(received.dataCoding()).isEqualTo((byte) 0x00);
        assertThat(received.text()).isEqualTo("Your code is 123456 @ $5 {ok}");
        assertThat(received.source()).isEqualTo("+15551234567");
        assertThat(received.destination()).isEqualTo("+15557654321");

        DeliveryReceipt receipt = receiptFor(carrierId);
        assertThat(receipt.outcome()).isEqualTo(ReceiptOutcome.DELIVERED);
        assertThat(receipt.carrierStatus()).isEqualTo("DELIVRD");
        assertThat(receipt.carrierError()).isEqualTo("000");
    }

    @Test
    void submitsUcs2AsBigEndianWithDataCoding8() {
        Submitted result = (Submitted) adapter.submit(sms("+15557654321", "Привет ✓ 😀"));

        SmscSimulator.ReceivedSubmit received = simulator.received().getLast();
        assertThat(received.dataCoding()).isEqualTo((byte) 0x08);
        assertThat(received.text()).isEqualTo("Привет ✓ 😀");
        assertThat(receiptFor(result.carrierMessageId().value()).outcome()).isEqualTo(ReceiptOutcome.DELIVERED);
    }

    private SmppCarrierAdapter rebind(String multipart) {
        return rebind(defaults().withEncoding(false, multipart));
    }

    private static SmppClientProperties defaults() {
        return new SmppClientProperties(null, null, "attest", "attest", "",
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    private SmppCarrierAdapter rebind(SmppClientProperties properties) {
        adapter.stop();
        adapter = CarrierAdapters.of(properties, new SmscEndpoint("127.0.0.1", simulator.port()), recorder,
                (from, to, text) -> inbound.add(from + ">" + to + ":" + text), null, "primary", "");
        adapter.start();
        awaitTrue(BOUND, "bind", adapter::isBound);
        return adapter;
    }

    @Test
    void sendsALongTextAsSegmentsWithAUserDataHeaderAndTracksEachOnesReceipt() {
        String longText = "This reminder is longer than one segment. ".repeat(8);

        Submitted result = (Submitted) adapter.submit(sms("+15557654321", longText));

        assertThat(result.segmentIds()).hasSize(3).first().isEqualTo(result.carrierMessageId());
        List<SmscSimulator.ReceivedSubmit> segments = simulator.received();
        assertThat(segments).extracting(SmscSimulator.ReceivedSubmit::segment).containsExactly(1, 2, 3);
        assertThat(segments).extracting(SmscSimulator.ReceivedSubmit::segments).containsOnly(3);
        assertThat(segments).extracting(SmscSimulator.ReceivedSubmit::reference).containsOnly(segments.getFirst().reference());
        assertThat(simulator.reassembled()).containsValue(longText);
        result.segmentIds().forEach(id -> assertThat(receiptFor(id.value()).outcome()).isEqualTo(ReceiptOutcome.DELIVERED));
    }

    @Test
    void sendsALongUcs2TextAsSegmentsWithSarTlvsWhenTheConnectionSaysSo() {
        rebind("sar");
        String longText = "Rendez-vous confirmé ✓ ".repeat(6);

        Submitted result = (Submitted) adapter.submit(sms("+15557654321", longText));

        assertThat(result.segmentIds()).hasSize(3); // 138 UCS-2 units: 67 to a concatenated segment
        assertThat(simulator.received()).allSatisfy(r -> assertThat(r.dataCoding()).isEqualTo((byte) 0x08));
        assertThat(simulator.reassembled()).containsValue(longText);
    }

    @Test
    void sendsALongTextWholeInTheMessagePayloadTlvWhenTheConnectionSaysSo() {
        rebind("payload");
        String longText = "This reminder is longer than one segment. ".repeat(8);
        Submitted result = (Submitted) adapter.submit(sms("+15557654321", longText));

        SmscSimulator.ReceivedSubmit received = simulator.received().getLast();
        assertThat(received.viaMessagePayload()).isTrue();
        assertThat(received.text()).isEqualTo(longText);
        assertThat(receiptFor(result.carrierMessageId().value()).outcome()).isEqualTo(ReceiptOutcome.DELIVERED);
    }

    @Test
    void anUndeliverableReceiptComesBackAsSuch() {
        Submitted result = (Submitted) adapter.submit(sms("+15550101234", "hello"));

        DeliveryReceipt receipt = receiptFor(result.carrierMessageId().value());
        assertThat(receipt.outcome()).isEqualTo(ReceiptOutcome.UNDELIVERABLE);
        assertThat(receipt.carrierStatus()).isEqualTo("UNDELIV");
        assertThat(receipt.carrierError()).isEqualTo("001");
    }

    @Test
    void aMessageWithoutReceiptGetsNoneWhileLaterOnesDo() {
        simulator.override("+15550201234", SimulatedOutcome.NO_RECEIPT);
        Submitted silent = (Submitted) adapter.submit(sms("+15550201234", "silent"));
        Submitted later = (Submitted) adapter.submit(sms("+15557654321", "later"));

        receiptFor(later.carrierMessageId().value());
        assertThat(receipts).noneMatch(r -> r.carrierMessageId().equals(silent.carrierMessageId()));
    }

    @Test
    void inboundMessagesAreDecodedByDataCodingAndHandedOn() {
        assertThat(simulator.sendInbound("+15557654321", "+15551234567", "STOP")).isTrue();
        assertThat(simulator.sendInbound("+15557654321", "+15551234567", "no más mensajes ✋")).isTrue();

        assertThat(inbound).containsExactly("+15557654321>+15551234567:STOP",
                "+15557654321>+15551234567:no más mensajes ✋");
    }

    @Test
    void anInboundMessageThatCannotBeRecordedIsRefusedSoTheSmscKeepsIt() throws Exception {
        adapter.stop();
        adapter = CarrierAdapters.of(new SmppClientProperties(null, null, "attest", "attest", "",
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(5)),
                new SmscEndpoint("127.0.0.1", simulator.port()), recorder, (from, to, text) -> {
                    throw new IllegalStateException("database down");
                });
        adapter.start();
        awaitTrue(BOUND, "bind", adapter::isBound);

        assertThat(simulator.sendInbound("+15557654321", "+15551234567", "STOP")).isFalse();
    }

    @Test
    void aPermanentRefusalIsReportedWithTheSmppStatus() {
        simulator.override("+15550301234", SimulatedOutcome.REJECT);

        SubmissionResult result = adapter.submit(sms("+15550301234", "refused"));

        assertThat(result).isInstanceOfSatisfying(Refused.class, refused -> {
            assertThat(refused.errorCode()).isEqualTo("smpp-0x0000000b");
            assertThat(refused.reason()).contains("ESME_RINVDSTADR");
        });
    }

    @Test
    void throttlingIsTransientNotAFailure() {
        simulator.override("+15550501234", SimulatedOutcome.THROTTLE);

        assertThatThrownBy(() -> adapter.submit(sms("+15550501234", "slow down")))
                .isInstanceOf(CarrierUnavailableException.class)
                .hasMessageContaining("ESME_RTHROTTLED");
    }

    @Test
    void aCarrierThatThrottlesIsFollowedDownAndEverySubmitStillGoesThroughOnce() {
        // a limit well below what one sender reaches even on a slow machine, so the carrier does throttle
        simulator.maxSubmitsPerSecond(10);
        java.util.Set<String> carrierIds = new java.util.HashSet<>();

        for (int i = 0; i < 25; i++) {
            Submitted submitted = (Submitted) adapter.submit(sms("+1555765" + String.format("%04d", i), "paced " + i));
            carrierIds.add(submitted.carrierMessageId().value());
        }

        assertThat(carrierIds).hasSize(25);
        assertThat(simulator.received()).hasSize(25); // a throttled submit was not taken, so none went twice
        assertThat(simulator.throttledCount()).isPositive();
        assertThat(adapter.binds().stream().mapToLong(SmppCarrierAdapter.Bind::throttles).sum())
                .as("throttled answers counted for the metrics").isEqualTo(simulator.throttledCount());
        assertThat(adapter.pacedRate()).isFinite();
    }

    @Test
    void aBindCappedBelowTheCarriersLimitIsNeverThrottled() {
        adapter.stop();
        adapter = CarrierAdapters.of(new SmppClientProperties(null, null, "attest", "attest", "",
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(5), 20.0),
                new SmscEndpoint("127.0.0.1", simulator.port()), recorder, (from, to, text) -> { });
        adapter.start();
        awaitTrue(BOUND, "bind", adapter::isBound);
        simulator.maxSubmitsPerSecond(40);

        for (int i = 0; i < 45; i++) {
            assertThat(adapter.submit(sms("+1555765" + String.format("%04d", i), "capped " + i)))
                    .isInstanceOf(Submitted.class);
        }

        assertThat(simulator.throttledCount()).isZero();
        assertThat(adapter.pacedRate()).isEqualTo(20.0);
    }

    @Test
    void anAnswerThatComesTooLateIsAnUnknownOutcomeNotANotTaken() {
        adapter.stop();
        adapter = CarrierAdapters.of(new SmppClientProperties(null, null, "attest", "attest", "",
                Duration.ofSeconds(30), Duration.ofMillis(300), Duration.ofMillis(100), Duration.ofSeconds(5)),
                new SmscEndpoint("127.0.0.1", simulator.port()), recorder, (from, to, text) -> { });
        adapter.start();
        awaitTrue(BOUND, "bind", adapter::isBound);
        simulator.responseDelay(Duration.ofSeconds(1));
        try {
            assertThatThrownBy(() -> adapter.submit(sms("+15557654321", "answer lost")))
                    .isInstanceOf(io.attest.gateway.application.message.port.out.SubmitToCarrierPort.SubmitOutcomeUnknownException.class);
            assertThat(simulator.received()).extracting(SmscSimulator.ReceivedSubmit::text).contains("answer lost"); // it was taken
        } finally {
            simulator.responseDelay(Duration.ZERO);
        }
    }

    @Test
    void aMalformedReceiptIsRefusedWithAStatusAndRecordsNothing() {
        assertThat(simulator.sendMalformedReceipt()).isFalse();
        assertThat(receipts).isEmpty();
    }

    @Test
    void rebindsAfterTheConnectionDropsAndSubmitsAgain() {
        simulator.dropConnections();
        awaitTrue(BOUND, "the adapter to notice the lost bind", () -> !adapter.isBound());
        awaitTrue(BOUND, "a new bind", adapter::isBound);

        Submitted result = (Submitted) adapter.submit(sms("+15557654321", "after the drop"));
        assertThat(receiptFor(result.carrierMessageId().value()).outcome()).isEqualTo(ReceiptOutcome.DELIVERED);
    }

    @Test
    void bothEndsCanBeStoppedAndStartedAgainAsAPausedApplicationIs() {
        adapter.stop();
        simulator.stop();
        simulator.start();
        adapter.start();
        awaitTrue(BOUND, "bind after restart", adapter::isBound);

        Submitted result = (Submitted) adapter.submit(sms("+15557654321", "after a restart"));
        assertThat(receiptFor(result.carrierMessageId().value()).outcome()).isEqualTo(ReceiptOutcome.DELIVERED);
    }

    @Test
    void withoutABindNothingIsSubmittedAndTheCallerIsToldToRetry() {
        adapter.stop();

        assertThatThrownBy(() -> adapter.submit(sms("+15557654321", "nobody listens")))
                .isInstanceOf(CarrierUnavailableException.class);
        assertThat(simulator.received()).isEmpty();
    }

    @Test
    void aWrongPasswordIsNeverBoundAndSaysWhy() {
        SmppCarrierAdapter intruder = adapter("wrong");
        intruder.start();
        try {
            String error = await(BOUND, "a bind error", intruder::lastBindError);
            assertThat(error).isNotBlank();
            assertThat(intruder.isBound()).isFalse();
        } finally {
            intruder.stop();
        }
    }

    @Test
    void aReceiptThatCannotBeRecordedIsRefusedSoTheSmscResendsIt() throws Exception {
        List<DeliveryReceipt> accepted = new CopyOnWriteArrayList<>();
        int[] calls = {0};
        adapter.stop();
        adapter = CarrierAdapters.of(new SmppClientProperties(null, null, "attest", "attest", "",
                Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(100), Duration.ofSeconds(5)),
                new SmscEndpoint("127.0.0.1", simulator.port()), receipt -> {
                    if (calls[0]++ == 0) {
                        throw new IllegalStateException("database down");
                    }
                    accepted.add(receipt);
                }, (from, to, text) -> { });
        adapter.start();
        awaitTrue(BOUND, "bind", adapter::isBound);

        Submitted result = (Submitted) adapter.submit(sms("+15557654321", "retry me"));

        DeliveryReceipt receipt = await(BOUND, "the resent receipt",
                () -> accepted.stream().filter(r -> r.carrierMessageId().equals(result.carrierMessageId())).findFirst());
        assertThat(receipt.outcome()).isEqualTo(ReceiptOutcome.DELIVERED);
        assertThat(calls[0]).isEqualTo(2);
        assertThat(Optional.of(accepted.size())).contains(1);
    }

    private List<SubmissionResult> submitConcurrently(int messages, int threads) throws Exception {
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(threads)) {
            List<java.util.concurrent.Future<SubmissionResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < messages; i++) {
                String to = "+1555765" + String.format("%04d", i);
                results.add(pool.submit(() -> adapter.submit(sms(to, "windowed " + to))));
            }
            List<SubmissionResult> done = new java.util.ArrayList<>();
            for (var result : results) {
                done.add(result.get(30, java.util.concurrent.TimeUnit.SECONDS));
            }
            return done;
        }
    }

    @Test
    void aBindNeverHasMoreSubmitsOutstandingThanItsWindow_andFillsIt() throws Exception {
        rebind(defaults().withBinds("transceiver", 1, 3));
        simulator.responseDelay(Duration.ofMillis(150));
        simulator.resetMaxOutstanding();

        List<SubmissionResult> results = submitConcurrently(12, 8);

        assertThat(results).allMatch(Submitted.class::isInstance);
        assertThat(simulator.received()).hasSize(12);
        assertThat(simulator.maxOutstanding()).isEqualTo(3); // 8 senders, a window of 3: never more, and not one at a time
        assertThat(adapter.binds().getFirst().outstanding()).isZero();
    }

    @Test
    void transmitterAndReceiverPairsSubmitOnTheTransmittersAndTakeReceiptsAndRepliesOnTheReceivers() throws Exception {
        rebind(defaults().withBinds("transmitter-receiver", 2, 4));
        awaitTrue(BOUND, "every session bound", () -> adapter.binds().stream()
                .allMatch(bind -> bind.transmitterBound() && bind.receiverBound()));

        assertThat(simulator.binds().stream().skip(1).map(SmscSimulator.BindSeen::type))
                .containsExactlyInAnyOrder(org.jsmpp.bean.BindType.BIND_TX, org.jsmpp.bean.BindType.BIND_TX,
                        org.jsmpp.bean.BindType.BIND_RX, org.jsmpp.bean.BindType.BIND_RX);
        List<SubmissionResult> results = submitConcurrently(6, 4);
        for (SubmissionResult result : results) {
            assertThat(receiptFor(((Submitted) result).carrierMessageId().value()).outcome())
                    .isEqualTo(ReceiptOutcome.DELIVERED); // deliver_sm can only have come on a receiver
        }
        assertThat(simulator.sendInbound("+15557654321", "+15551234567", "hello over the receiver")).isTrue();
        assertThat(inbound).contains("+15557654321>+15551234567:hello over the receiver");
    }

    @Test
    void typeOfNumberNumberingPlanAndAddressRangeGoAsConfigured() {
        rebind(new SmppClientProperties(null, null, "attest", "attest", "cmt", Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofSeconds(5), null, null, null, null, null, null, "^1555", 2, 8, 1, 1,
                null, null));

        adapter.submit(sms("+15557654321", "addressing"));

        SmscSimulator.BindSeen bind = simulator.binds().getLast();
        assertThat(bind.systemType()).isEqualTo("cmt");
        assertThat(bind.addressRange()).isEqualTo("^1555");
        SmscSimulator.ReceivedSubmit received = simulator.received().getLast();
        assertThat(received.sourceTon()).isEqualTo((byte) 2);
        assertThat(received.sourceNpi()).isEqualTo((byte) 8);
        assertThat(received.destinationTon()).isEqualTo((byte) 1);
        assertThat(received.destinationNpi()).isEqualTo((byte) 1);
        assertThat(received.source()).isEqualTo("+15551234567");
        assertThat(received.sourceDigits()).isEqualTo("5551234567"); // national: the ten digits of a +1 number
        assertThat(received.destinationDigits()).isEqualTo("15557654321"); // international: the E.164 digits
    }

    @Test
    void packedGsm7TextGoesAndComesBackWhole_singleConcatenatedAndInbound() {
        rebind(defaults().withEncoding(true, "udh"));
        simulator.gsm7Packed(true);
        try {
            String shortText = "Code 1234 {ok} €5 ^_^ ends here";
            String longText = "Packed septets save an eighth of every segment; {braces} and € cost two. ".repeat(4);

            adapter.submit(sms("+15557654321", shortText));
            assertThat(simulator.received().getLast().text()).isEqualTo(shortText);
            Submitted segmented = (Submitted) adapter.submit(sms("+15557654322", longText));
            assertThat(segmented.segmentIds()).hasSizeGreaterThan(1);
            assertThat(simulator.reassembled()).containsValue(longText);

            assertThat(simulator.sendInbound("+15557654321", "+15551234567", "Stop it [now] 1234567")).isTrue();
            assertThat(inbound).contains("+15557654321>+15551234567:Stop it [now] 1234567");
        } finally {
            simulator.gsm7Packed(false);
        }
    }

    @Test
    void submitsInFlightWhenTheConnectionDropsHaveAnUnknownOutcome_andTheBindComesBack() throws Exception {
        rebind(defaults().withBinds("transceiver", 1, 4));
        simulator.responseDelay(Duration.ofMillis(300));
        simulator.dropConnectionsWhenOutstanding(3);

        List<Object> outcomes = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < 4; i++) {
                String to = "+1555765000" + i;
                pool.submit(() -> {
                    try {
                        outcomes.add(adapter.submit(sms(to, "in flight " + to)));
                    } catch (RuntimeException e) {
                        outcomes.add(e);
                    }
                });
            }
        }

        assertThat(simulator.discardedCount()).isGreaterThanOrEqualTo(3);
        assertThat(outcomes).hasSize(4).noneMatch(Submitted.class::isInstance)
                .allMatch(o -> o instanceof io.attest.gateway.application.message.port.out.SubmitToCarrierPort.SubmitOutcomeUnknownException
                        || o instanceof CarrierUnavailableException);
        assertThat(simulator.received()).isEmpty();
        simulator.responseDelay(Duration.ZERO);
        awaitTrue(BOUND, "re-bound after the drop", adapter::isBound);
        assertThat(adapter.submit(sms("+15557654321", "after the drop"))).isInstanceOf(Submitted.class);
    }

    @Test
    void aPduWithAnUnknownCommandIdIsNackedAndTheBindStaysUp() {
        String before = simulator.binds().size() + "";
        simulator.sendMalformedPdu(true);

        Submitted after = (Submitted) adapter.submit(sms("+15557654321", "after garbage"));

        assertThat(receiptFor(after.carrierMessageId().value()).outcome()).isEqualTo(ReceiptOutcome.DELIVERED);
        assertThat(simulator.binds().size() + "").isEqualTo(before); // no new bind was needed
    }

    @Test
    void aPduWithAnImpossibleLengthCostsTheConnection_whichIsBoundAgain() {
        int bindsBefore = simulator.binds().size();
        simulator.sendMalformedPdu(false);

        awaitTrue(BOUND, "a new bind", () -> simulator.binds().size() > bindsBefore && adapter.isBound());
        Submitted after = (Submitted) adapter.submit(sms("+15557654321", "after a broken header"));
        assertThat(receiptFor(after.carrierMessageId().value()).outcome()).isEqualTo(ReceiptOutcome.DELIVERED);
    }

    @Test
    void aLongMessageThrottledAfterItsFirstSegmentWasTakenHasAnUnknownOutcome_notANotTaken() {
        simulator.throttleAfter(1);
        try {
            assertThatThrownBy(() -> adapter.submit(sms("+15557654321", "Throttled part-way through. ".repeat(8))))
                    .isInstanceOf(io.attest.gateway.application.message.port.out.SubmitToCarrierPort.SubmitOutcomeUnknownException.class)
                    .hasMessageContaining("segment 2 of")
                    .hasMessageContaining("the segments before it were taken");
            assertThat(simulator.received()).hasSize(1); // segment 1 may reach the handset: sending again may double it
            assertThat(simulator.throttledCount()).isGreaterThan(1); // retried on the paced bind before giving up
        } finally {
            simulator.throttleAfter(-1);
        }
    }

    @Test
    void theSimulatorsFaultsWorkFromConfigurationAlone_forDemos() throws Exception {
        io.attest.gateway.infrastructure.support.SimulatorProbe configured = io.attest.gateway.infrastructure.support.SimulatorProbe.on(new SmscSimulator(new SimulatorProperties(true, 0, "attest", "attest",
                Duration.ofMillis(20), List.of(), null, null, null, null, null, 1, Duration.ofMillis(100), null)));
        configured.start();
        SmppCarrierAdapter demo = CarrierAdapters.of(defaults(), new SmscEndpoint("127.0.0.1", configured.port()),
                recorder, (from, to, text) -> { }, null, "demo", "");
        try {
            demo.start();
            awaitTrue(BOUND, "bind", demo::isBound);

            assertThatThrownBy(() -> demo.submit(sms("+15557654321", "dropped with the connection")))
                    .isInstanceOfAny(io.attest.gateway.application.message.port.out.SubmitToCarrierPort.SubmitOutcomeUnknownException.class,
                            CarrierUnavailableException.class);
            assertThat(configured.discardedCount()).isEqualTo(1); // the drop is armed once

            awaitTrue(BOUND, "bound again", demo::isBound);
            int binds = configured.binds().size();
            int malformed = configured.malformedPduCount();
            awaitTrue(BOUND, "malformed PDUs from the simulator's schedule", () -> configured.malformedPduCount() > malformed + 1);
            Submitted after = (Submitted) demo.submit(sms("+15557654321", "after the garbage"));
            assertThat(receiptFor(after.carrierMessageId().value()).outcome()).isEqualTo(ReceiptOutcome.DELIVERED);
            assertThat(configured.binds()).hasSize(binds); // the unknown command ids cost no bind
        } finally {
            demo.stop();
            configured.stop();
        }
    }

    @Test
    void aConnectNobodyAnswersGivesUpAfterTheBindTimeout_insteadOfHoldingTheBindForMinutes() throws Exception {
        // a listener whose accept queue is full answers no further SYN, as an SMSC behind a dropping firewall
        try (ServerSocket blackHole = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), blackHole.getLocalPort());
            List<Socket> queued = new ArrayList<>();
            boolean unanswered = false;
            try {
                for (int i = 0; i < 16 && !unanswered; i++) {
                    Socket socket = new Socket();
                    queued.add(socket);
                    try {
                        socket.connect(address, 500);
                    } catch (SocketTimeoutException full) {
                        unanswered = true;
                    } catch (java.net.ConnectException refused) {
                        break; // this stack refuses connects beyond the queue instead of leaving them unanswered
                    }
                }
                assumeTrue(unanswered, "this network stack answers connects beyond the accept queue");

                assertThatThrownBy(() -> SmppCarrierAdapter.connectWithin(Duration.ofMillis(300))
                        .createConnection("127.0.0.1", blackHole.getLocalPort()))
                        .isInstanceOf(SocketTimeoutException.class);

                SmppCarrierAdapter unreachable = CarrierAdapters.of(new SmppClientProperties(null, null, "attest",
                        "attest", "", Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofMillis(100),
                        Duration.ofMillis(300)), new SmscEndpoint("127.0.0.1", blackHole.getLocalPort()), recorder,
                        (from, to, text) -> { });
                unreachable.start();
                try {
                    String error = await(BOUND, "the bind attempt to give up", unreachable::lastBindError);
                    assertThat(error).containsIgnoringCase("timed out");
                    assertThat(unreachable.isBound()).isFalse();
                } finally {
                    unreachable.stop();
                }
            } finally {
                for (Socket socket : queued) {
                    socket.close();
                }
            }
        }
    }

    @Test
    void theSmppSocketSendsEachPduAtOnce_withoutNaglesDelay() throws Exception {
        try (Socket socket = SmppCarrierAdapter.openSocket("127.0.0.1", simulator.port(), 2_000)) {
            assertThat(socket.getTcpNoDelay()).isTrue();
        }
    }
}
