package io.attest.gateway.application.message;

import io.attest.gateway.application.message.port.out.CarrierCorrelationPort;
import io.attest.gateway.domain.message.CarrierMessageId;
import io.attest.gateway.domain.message.DeliveryReceipt;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.ReceiptOutcome;
import io.attest.gateway.domain.message.RecordDeliveryReceiptCommand;
import io.attest.gateway.domain.message.RecordSubmissionCommand;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class ReceiptCorrelationServiceTest {

    private static final MessageId MESSAGE = MessageId.of("m-1");
    private static final CarrierMessageId CARRIER = CarrierMessageId.of("c-1");
    private static final DeliveryReceipt DELIVERED =
            new DeliveryReceipt(CARRIER, ReceiptOutcome.DELIVERED, "DELIVRD", "000", null);

    private final CommandGateway commands = mock(CommandGateway.class);
    private final InMemoryCorrelations correlations = new InMemoryCorrelations();
    private final ReceiptCorrelationService service = new ReceiptCorrelationService(commands, correlations);

    @Test
    void aReceiptForAKnownCarrierIdGoesToItsMessage() {
        correlations.remember(CARRIER, MESSAGE);

        service.record(DELIVERED);

        verify(commands).sendAndWait(new RecordDeliveryReceiptCommand(MESSAGE, DELIVERED));
        assertThat(correlations.unmatched(CARRIER)).isEmpty();
    }

    @Test
    void aReceiptThatOvertakesItsSubmissionIsKeptNotDropped() {
        service.record(DELIVERED);

        verifyNoInteractions(commands);
        assertThat(correlations.unmatched(CARRIER)).containsExactly(DELIVERED);
    }

    @Test
    void recordingTheSubmissionAppliesTheKeptReceiptAfterwardsAndOnlyThenDiscardsIt() {
        service.record(DELIVERED);

        service.submitted(MESSAGE, CARRIER);

        InOrder order = inOrder(commands);
        order.verify(commands).sendAndWait(new RecordSubmissionCommand(MESSAGE, CARRIER));
        order.verify(commands).sendAndWait(new RecordDeliveryReceiptCommand(MESSAGE, DELIVERED));
        assertThat(correlations.unmatched(CARRIER)).isEmpty();
        assertThat(correlations.messageFor(CARRIER)).contains(MESSAGE);
    }

    @Test
    void everySegmentsIdIsCorrelatedAndAnEarlyReceiptOfALaterSegmentIsApplied() {
        CarrierMessageId second = CarrierMessageId.of("c-2");
        DeliveryReceipt secondDelivered = new DeliveryReceipt(second, DELIVERED.outcome(), DELIVERED.carrierStatus(),
                DELIVERED.carrierError(), DELIVERED.carrierDoneAt());
        service.record(secondDelivered); // the second segment's receipt overtook the submission

        service.submitted(MESSAGE, CARRIER, null, List.of(CARRIER, second));

        InOrder order = inOrder(commands);
        order.verify(commands).sendAndWait(new RecordSubmissionCommand(MESSAGE, CARRIER, null, List.of(CARRIER, second)));
        order.verify(commands).sendAndWait(new RecordDeliveryReceiptCommand(MESSAGE, secondDelivered));
        assertThat(correlations.messageFor(CARRIER)).contains(MESSAGE);
        assertThat(correlations.messageFor(second)).contains(MESSAGE);
        assertThat(correlations.unmatched(second)).isEmpty();
    }

    @Test
    void aSubmissionWithoutEarlyReceiptsOnlyRecordsTheSubmission() {
        service.submitted(MESSAGE, CARRIER);

        verify(commands).sendAndWait(new RecordSubmissionCommand(MESSAGE, CARRIER));
        assertThat(correlations.discards).isZero();
    }

    private static final class InMemoryCorrelations implements CarrierCorrelationPort {
        private final Map<CarrierMessageId, MessageId> known = new HashMap<>();
        private final Map<CarrierMessageId, List<DeliveryReceipt>> kept = new HashMap<>();
        private int discards;

        @Override
        public void remember(CarrierMessageId carrierMessageId, MessageId messageId) {
            known.put(carrierMessageId, messageId);
        }

        @Override
        public Optional<MessageId> messageFor(CarrierMessageId carrierMessageId) {
            return Optional.ofNullable(known.get(carrierMessageId));
        }

        @Override
        public void keepUnmatched(DeliveryReceipt receipt) {
            kept.computeIfAbsent(receipt.carrierMessageId(), id -> new ArrayList<>()).add(receipt);
        }

        @Override
        public List<DeliveryReceipt> unmatched(CarrierMessageId carrierMessageId) {
            return List.copyOf(kept.getOrDefault(carrierMessageId, List.of()));
        }

        @Override
        public void discardUnmatched(CarrierMessageId carrierMessageId) {
            discards++;
            kept.remove(carrierMessageId);
        }
    }
}
