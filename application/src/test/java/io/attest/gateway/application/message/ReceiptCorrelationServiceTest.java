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
    private static final java.time.Instant SENT = java.time.Instant.parse("2026-11-26T10:00:00Z");

    private final CommandGateway commands = mock(CommandGateway.class);
    private final InMemoryCorrelations correlations = new InMemoryCorrelations();
    private final ReceiptCorrelationService service = new ReceiptCorrelationService(commands, correlations);

    /** Counts transactions, and sees whether each command runs inside the batch's unit of work. */
    private static final class CountingTransactions implements org.axonframework.common.transaction.TransactionManager {
        int started;
        int committed;
        int rolledBack;

        @Override
        public org.axonframework.common.transaction.Transaction startTransaction() {
            started++;
            return new org.axonframework.common.transaction.Transaction() {
                @Override
                public void commit() {
                    committed++;
                }

                @Override
                public void rollback() {
                    rolledBack++;
                }
            };
        }
    }

    @Test
    void receiptsRecordedTogetherShareOneUnitOfWorkAndOneTransaction() {
        CountingTransactions transactions = new CountingTransactions();
        ReceiptCorrelationService together = new ReceiptCorrelationService(commands, correlations,
                new io.attest.gateway.application.shared.CommandBatches(commands, transactions, 100));
        CarrierMessageId other = CarrierMessageId.of("c-2");
        correlations.remember(CARRIER, MESSAGE);
        correlations.remember(other, MessageId.of("m-2"));
        List<Boolean> insideTheBatch = new ArrayList<>();
        org.mockito.Mockito.when(commands.sendAndWait(org.mockito.ArgumentMatchers.any())).thenAnswer(invocation -> {
            insideTheBatch.add(org.axonframework.messaging.unitofwork.CurrentUnitOfWork.isStarted());
            return null;
        });
        DeliveryReceipt second = new DeliveryReceipt(other, ReceiptOutcome.DELIVERED, "DELIVRD", "000", null);

        together.recordTogether(List.of(DELIVERED, second));

        verify(commands).sendAndWait(new RecordDeliveryReceiptCommand(MESSAGE, DELIVERED));
        verify(commands).sendAndWait(new RecordDeliveryReceiptCommand(MessageId.of("m-2"), second));
        assertThat(insideTheBatch).containsExactly(true, true);
        assertThat(transactions.started).isEqualTo(1);
        assertThat(transactions.committed).isEqualTo(1);
        assertThat(org.axonframework.messaging.unitofwork.CurrentUnitOfWork.isStarted()).isFalse();
    }

    @Test
    void aBatchWhoseCommandFailsRollsBackWhole() {
        CountingTransactions transactions = new CountingTransactions();
        ReceiptCorrelationService together = new ReceiptCorrelationService(commands, correlations,
                new io.attest.gateway.application.shared.CommandBatches(commands, transactions, 100));
        correlations.remember(CARRIER, MESSAGE);
        org.mockito.Mockito.when(commands.sendAndWait(org.mockito.ArgumentMatchers.any()))
                .thenThrow(new IllegalStateException("the message refused it"));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> together.recordTogether(List.of(DELIVERED, DELIVERED)))
                .isInstanceOf(IllegalStateException.class);

        assertThat(transactions.committed).isZero();
        assertThat(transactions.rolledBack).isEqualTo(1);
        assertThat(org.axonframework.messaging.unitofwork.CurrentUnitOfWork.isStarted()).isFalse();
    }

    @Test
    void aReceiptForAKnownCarrierIdGoesToItsMessage() {
        correlations.remember(CARRIER, MESSAGE);

        service.record(DELIVERED);

        verify(commands).sendAndWait(new RecordDeliveryReceiptCommand(MESSAGE, DELIVERED));
        assertThat(correlations.unmatched(CARRIER, java.time.Instant.EPOCH)).isEmpty();
    }

    @Test
    void aReceiptThatOvertakesItsSubmissionIsKeptNotDropped() {
        service.record(DELIVERED);

        verifyNoInteractions(commands);
        assertThat(correlations.unmatched(CARRIER, java.time.Instant.EPOCH)).containsExactly(DELIVERED);
    }

    @Test
    void recordingTheSubmissionAppliesTheKeptReceiptAfterwardsAndOnlyThenDiscardsIt() {
        service.record(DELIVERED);

        service.submitted(MESSAGE, CARRIER, null, List.of(), SENT);

        InOrder order = inOrder(commands);
        order.verify(commands).sendAndWait(new RecordSubmissionCommand(MESSAGE, CARRIER));
        order.verify(commands).sendAndWait(new RecordDeliveryReceiptCommand(MESSAGE, DELIVERED));
        assertThat(correlations.unmatched(CARRIER, java.time.Instant.EPOCH)).isEmpty();
        assertThat(correlations.messageFor(CARRIER)).contains(MESSAGE);
    }

    @Test
    void aReceiptOnOneNodeWhoseSubmissionAnotherNodeRecordsMeanwhileIsAppliedNotKeptForGood() {
        // the SMSC hands the receipt to node A's bind while node B, which submitted, records the submission: B
        // remembers the id and finds nothing kept just after A found no message and just before A keeps the receipt
        ReceiptCorrelationService nodeB = new ReceiptCorrelationService(commands, correlations);
        correlations.beforeKeeping = () -> nodeB.submitted(MESSAGE, CARRIER, null, List.of(), SENT);

        service.record(DELIVERED);

        verify(commands).sendAndWait(new RecordSubmissionCommand(MESSAGE, CARRIER));
        verify(commands).sendAndWait(new RecordDeliveryReceiptCommand(MESSAGE, DELIVERED));
    }

    @Test
    void anAnswerToQuerySmForAMessageWhoseCarrierIdWasLostAppliesTheKeptReceiptAndRemembersTheIdAgain() {
        // the gateway died between recording the submission and remembering its carrier id: the receipt was kept
        service.record(DELIVERED);
        DeliveryReceipt answer = new DeliveryReceipt(CARRIER, ReceiptOutcome.DELIVERED, "query_sm DELIVERED", null, null);

        service.recordAnswer(MESSAGE, SENT, answer);

        InOrder order = inOrder(commands);
        order.verify(commands).sendAndWait(new RecordDeliveryReceiptCommand(MESSAGE, DELIVERED));
        order.verify(commands).sendAndWait(new RecordDeliveryReceiptCommand(MESSAGE, answer));
        assertThat(correlations.messageFor(CARRIER)).contains(MESSAGE);
        assertThat(correlations.unmatched(CARRIER, java.time.Instant.EPOCH)).isEmpty();
    }

    @Test
    void everySegmentsIdIsCorrelatedAndAnEarlyReceiptOfALaterSegmentIsApplied() {
        CarrierMessageId second = CarrierMessageId.of("c-2");
        DeliveryReceipt secondDelivered = new DeliveryReceipt(second, DELIVERED.outcome(), DELIVERED.carrierStatus(),
                DELIVERED.carrierError(), DELIVERED.carrierDoneAt());
        service.record(secondDelivered); // the second segment's receipt overtook the submission

        service.submitted(MESSAGE, CARRIER, null, List.of(CARRIER, second), SENT);

        InOrder order = inOrder(commands);
        order.verify(commands).sendAndWait(new RecordSubmissionCommand(MESSAGE, CARRIER, null, List.of(CARRIER, second)));
        order.verify(commands).sendAndWait(new RecordDeliveryReceiptCommand(MESSAGE, secondDelivered));
        assertThat(correlations.messageFor(CARRIER)).contains(MESSAGE);
        assertThat(correlations.messageFor(second)).contains(MESSAGE);
        assertThat(correlations.unmatched(second, java.time.Instant.EPOCH)).isEmpty();
    }

    @Test
    void aReceiptKeptBeforeTheSubmitWentOutIsAnEarlierMessagesWhoseIdWasReused_andIsNotApplied() {
        correlations.now = SENT.minusSeconds(3600); // kept an hour before: its submit's answer was lost
        service.record(DELIVERED);
        correlations.now = SENT;

        service.submitted(MESSAGE, CARRIER, null, List.of(), SENT);

        verify(commands).sendAndWait(new RecordSubmissionCommand(MESSAGE, CARRIER));
        verify(commands, org.mockito.Mockito.never()).sendAndWait(new RecordDeliveryReceiptCommand(MESSAGE, DELIVERED));
        assertThat(correlations.messageFor(CARRIER)).contains(MESSAGE);
    }

    @Test
    void aReceiptKeptMomentsBeforeTheNotedSendTimeIsStillApplied_soAClockSteppedBackLosesNothing() {
        correlations.now = SENT.minusSeconds(2); // the wall clock went back two seconds between the two
        service.record(DELIVERED);

        service.submitted(MESSAGE, CARRIER, null, List.of(), SENT);

        verify(commands).sendAndWait(new RecordDeliveryReceiptCommand(MESSAGE, DELIVERED));
    }

    @Test
    void theCarrierIdsOfASubmissionAreCommittedWithItAndTheKeptReceiptsReadAfterTheCommit() {
        CountingTransactions transactions = new CountingTransactions();
        ReceiptCorrelationService batched = new ReceiptCorrelationService(commands, correlations,
                io.attest.gateway.application.shared.CommandBatches.withoutGroupCommit(commands, transactions));
        CarrierMessageId second = CarrierMessageId.of("c-2");
        service.record(DELIVERED); // overtook its submission: kept
        List<Integer> committedWhenReceiptApplied = new ArrayList<>();
        org.mockito.Mockito.when(commands.sendAndWait(org.mockito.ArgumentMatchers.any(RecordDeliveryReceiptCommand.class)))
                .thenAnswer(invocation -> {
                    committedWhenReceiptApplied.add(transactions.committed);
                    return null;
                });

        batched.submitted(MESSAGE, CARRIER, null, List.of(CARRIER, second), SENT);

        // one transaction for the submission and both segments' carrier ids; the kept receipt applied after it
        assertThat(transactions.started).isEqualTo(1);
        assertThat(correlations.rememberedInsideAUnitOfWork).containsExactly(true, true);
        assertThat(correlations.messageFor(second)).contains(MESSAGE);
        assertThat(committedWhenReceiptApplied).containsExactly(1);
        assertThat(correlations.unmatched(CARRIER, java.time.Instant.EPOCH)).isEmpty();
    }

    @Test
    void withGroupCommitASubmissionIsCommittedWithOthersAndItsCarrierIdAfterwardsBeforeTheKeptReceiptsAreRead() {
        ReceiptCorrelationService grouped = new ReceiptCorrelationService(commands, correlations,
                new io.attest.gateway.application.shared.CommandBatches(commands, new CountingTransactions(), 100));
        service.record(DELIVERED); // overtook its submission: kept

        grouped.submitted(MESSAGE, CARRIER, null, List.of(), SENT);

        InOrder order = inOrder(commands);
        order.verify(commands).sendAndWait(new RecordSubmissionCommand(MESSAGE, CARRIER));
        order.verify(commands).sendAndWait(new RecordDeliveryReceiptCommand(MESSAGE, DELIVERED));
        assertThat(correlations.rememberedInsideAUnitOfWork).containsExactly(false); // the group's commit is done
        assertThat(correlations.unmatched(CARRIER, java.time.Instant.EPOCH)).isEmpty();
    }

    @Test
    void aSubmissionWithoutEarlyReceiptsOnlyRecordsTheSubmission() {
        service.submitted(MESSAGE, CARRIER, null, List.of(), SENT);

        verify(commands).sendAndWait(new RecordSubmissionCommand(MESSAGE, CARRIER));
        assertThat(correlations.discards).isZero();
    }

    @Test
    void aBatchOfSubmissionsRemembersItsCarrierIdsInOneWriteAndReadsTheirKeptReceiptsAtOnce() {
        MessageId other = MessageId.of("m-2");
        CarrierMessageId otherCarrier = CarrierMessageId.of("c-9");
        DeliveryReceipt otherDelivered = new DeliveryReceipt(otherCarrier, ReceiptOutcome.DELIVERED, "DELIVRD", "000", null);
        service.record(DELIVERED);      // both receipts overtook their submissions: kept
        service.record(otherDelivered);

        service.submitted(List.of(new ReceiptCorrelationService.Submission(MESSAGE, CARRIER, null, List.of(), SENT),
                new ReceiptCorrelationService.Submission(other, otherCarrier, null, List.of(), SENT)));

        assertThat(correlations.batchWrites).containsExactly(2);
        assertThat(correlations.batchReads).containsExactly(2);
        verify(commands).sendAndWait(new RecordDeliveryReceiptCommand(MESSAGE, DELIVERED));
        verify(commands).sendAndWait(new RecordDeliveryReceiptCommand(other, otherDelivered));
        assertThat(correlations.unmatched(CARRIER, java.time.Instant.EPOCH)).isEmpty();
        assertThat(correlations.unmatched(otherCarrier, java.time.Instant.EPOCH)).isEmpty();
    }

    @Test
    void aCarrierIdGivenTwiceInOneBatchIsTheNewerSubmissionsAsOneByOne() {
        MessageId newer = MessageId.of("m-2");

        service.submitted(List.of(new ReceiptCorrelationService.Submission(MESSAGE, CARRIER, null, List.of(), SENT),
                new ReceiptCorrelationService.Submission(newer, CARRIER, null, List.of(), SENT)));

        assertThat(correlations.batchWrites).isEmpty(); // written one after the other, in order
        assertThat(correlations.messageFor(CARRIER)).contains(newer);
        service.record(DELIVERED);
        verify(commands).sendAndWait(new RecordDeliveryReceiptCommand(newer, DELIVERED));
    }

    private static final class InMemoryCorrelations implements CarrierCorrelationPort {
        /** The size of each batch written or read at once. */
        private final List<Integer> batchWrites = new ArrayList<>();
        private final List<Integer> batchReads = new ArrayList<>();

        @Override
        public void rememberAll(Map<CarrierMessageId, MessageId> messagesByCarrierId) {
            batchWrites.add(messagesByCarrierId.size());
            CarrierCorrelationPort.super.rememberAll(messagesByCarrierId);
        }

        @Override
        public Map<CarrierMessageId, List<DeliveryReceipt>> unmatched(Map<CarrierMessageId, java.time.Instant> receivedSince) {
            batchReads.add(receivedSince.size());
            return CarrierCorrelationPort.super.unmatched(receivedSince);
        }

        private final Map<CarrierMessageId, MessageId> known = new HashMap<>();
        private final Map<CarrierMessageId, List<DeliveryReceipt>> kept = new HashMap<>();
        private final Map<DeliveryReceipt, java.time.Instant> keptAt = new HashMap<>();
        /** When a receipt is kept: the submit's time unless a test says otherwise. */
        java.time.Instant now = SENT;
        private int discards;

        /** For each carrier id remembered: whether a unit of work (and so its transaction) was open around it. */
        private final List<Boolean> rememberedInsideAUnitOfWork = new ArrayList<>();

        @Override
        public void remember(CarrierMessageId carrierMessageId, MessageId messageId) {
            rememberedInsideAUnitOfWork.add(org.axonframework.messaging.unitofwork.CurrentUnitOfWork.isStarted());
            known.put(carrierMessageId, messageId);
        }

        @Override
        public Optional<MessageId> messageFor(CarrierMessageId carrierMessageId) {
            return Optional.ofNullable(known.get(carrierMessageId));
        }

        /** Runs once, just before the next receipt is kept: what another node does at that moment. */
        Runnable beforeKeeping = () -> { };

        @Override
        public void keepUnmatched(DeliveryReceipt receipt) {
            Runnable meanwhile = beforeKeeping;
            beforeKeeping = () -> { };
            meanwhile.run();
            kept.computeIfAbsent(receipt.carrierMessageId(), id -> new ArrayList<>()).add(receipt);
            keptAt.put(receipt, now);
        }

        @Override
        public List<DeliveryReceipt> unmatched(CarrierMessageId carrierMessageId, java.time.Instant receivedSince) {
            return kept.getOrDefault(carrierMessageId, List.of()).stream()
                    .filter(receipt -> !keptAt.get(receipt).isBefore(receivedSince)).toList();
        }

        @Override
        public void discardUnmatched(CarrierMessageId carrierMessageId) {
            discards++;
            kept.remove(carrierMessageId);
        }

        @Override
        public int forgetBefore(java.time.Instant correlationsBefore, java.time.Instant unmatchedBefore) {
            throw new UnsupportedOperationException("retention is not this service's");
        }
    }
}
