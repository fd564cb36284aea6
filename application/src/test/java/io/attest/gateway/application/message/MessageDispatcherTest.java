package io.attest.gateway.application.message;

import io.attest.gateway.application.message.port.out.SubmitToCarrierPort;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.CarrierUnavailableException;
import io.attest.gateway.domain.message.BeginSubmissionCommand;
import io.attest.gateway.domain.message.CarrierMessageId;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.RecordSubmissionCommand;
import io.attest.gateway.domain.message.RecordSubmissionFailureCommand;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

class MessageDispatcherTest {

    private static final MessageId ID = MessageId.of("m-1");
    private static final MessageAccepted ACCEPTED = new MessageAccepted(ID, AccountId.of("acme"),
            PhoneNumber.of("+15551234567"), PhoneNumber.of("+15557654321"), "Hi", TextEncoding.GSM_7, 1,
            io.attest.gateway.domain.campaign.CampaignId.of("acme-otp"),
            io.attest.gateway.domain.campaign.UseCase.TWO_FACTOR_AUTHENTICATION,
            io.attest.gateway.domain.compliance.MessagePurpose.CLIENT, null, java.time.Instant.parse("2026-12-01T00:00:00Z"));

    private final SubmitToCarrierPort carrier = mock(SubmitToCarrierPort.class);
    private final CommandGateway commands = mock(CommandGateway.class);
    private final ExecutorService worker = Executors.newSingleThreadExecutor();
    private final MessageDispatcher dispatcher = new MessageDispatcher(carrier,
            new ReceiptCorrelationService(commands, mock(io.attest.gateway.application.message.port.out.CarrierCorrelationPort.class)),
            commands, worker, java.time.Clock.fixed(java.time.Instant.parse("2026-11-25T12:00:00Z"), java.time.ZoneOffset.UTC));

    @AfterEach
    void stopWorker() {
        worker.shutdownNow();
    }

    @Test
    void recordsTheAttemptThenSubmitsThenRecordsTheCarriersId() throws Exception {
        when(carrier.canSubmit(org.mockito.ArgumentMatchers.anyString())).thenReturn(true);
        when(commands.sendAndWait(new BeginSubmissionCommand(ID, java.time.Instant.parse("2026-11-25T12:00:00Z")))).thenReturn(true);
        when(carrier.submit(any())).thenReturn(new SubmitToCarrierPort.Submitted(CarrierMessageId.of("c-1")));

        dispatcher.on(ACCEPTED);

        var order = org.mockito.Mockito.inOrder(commands, carrier);
        order.verify(commands).sendAndWait(new BeginSubmissionCommand(ID, java.time.Instant.parse("2026-11-25T12:00:00Z")));
        order.verify(carrier).submit(any());
        order.verify(commands).sendAndWait(new RecordSubmissionCommand(ID, CarrierMessageId.of("c-1")));
    }

    @Test
    void aRedeliveredEventForAMessageAlreadySubmittedSendsNothing() throws Exception {
        when(carrier.canSubmit(org.mockito.ArgumentMatchers.anyString())).thenReturn(true);
        when(commands.sendAndWait(new BeginSubmissionCommand(ID, java.time.Instant.parse("2026-11-25T12:00:00Z")))).thenReturn(false);

        dispatcher.on(ACCEPTED);

        verify(carrier, never()).submit(any());
    }

    @Test
    void withoutACarrierNothingIsRecordedAndTheProcessorIsToldToRetry() {
        when(carrier.canSubmit(org.mockito.ArgumentMatchers.anyString())).thenReturn(false);

        assertThatThrownBy(() -> dispatcher.on(ACCEPTED)).isInstanceOf(CarrierUnavailableException.class);
        verifyNoInteractions(commands);
    }

    @Test
    void aPermanentRefusalFailsTheMessage() throws Exception {
        when(carrier.canSubmit(org.mockito.ArgumentMatchers.anyString())).thenReturn(true);
        when(commands.sendAndWait(new BeginSubmissionCommand(ID, java.time.Instant.parse("2026-11-25T12:00:00Z")))).thenReturn(true);
        when(carrier.submit(any())).thenReturn(new SubmitToCarrierPort.Refused("smpp-0x0000000b", "bad number"));

        dispatcher.on(ACCEPTED);

        verify(commands).sendAndWait(new RecordSubmissionFailureCommand(ID, "smpp-0x0000000b", "bad number"));
    }

    @Test
    void aSubmitTheCarrierDidNotTakeIsRecordedSoTheNextAttemptIsNoDuplicateRisk() {
        when(carrier.canSubmit(org.mockito.ArgumentMatchers.anyString())).thenReturn(true);
        when(commands.sendAndWait(new BeginSubmissionCommand(ID, java.time.Instant.parse("2026-11-25T12:00:00Z")))).thenReturn(true);
        when(carrier.submit(any())).thenThrow(new CarrierUnavailableException("throttled for 3 s", null));

        assertThatThrownBy(() -> dispatcher.on(ACCEPTED)).isInstanceOf(CarrierUnavailableException.class);

        verify(commands).sendAndWait(new io.attest.gateway.domain.message.RecordSubmissionNotTakenCommand(ID,
                "throttled for 3 s"));
    }

    @Test
    void aSubmitWhoseAnswerWasLostStaysOpenForTheUnknownOutcomePolicy() {
        when(carrier.canSubmit(org.mockito.ArgumentMatchers.anyString())).thenReturn(true);
        when(commands.sendAndWait(new BeginSubmissionCommand(ID, java.time.Instant.parse("2026-11-25T12:00:00Z")))).thenReturn(true);
        when(carrier.submit(any())).thenThrow(new SubmitToCarrierPort.SubmitOutcomeUnknownException("timeout", null));

        assertThatThrownBy(() -> dispatcher.on(ACCEPTED)).isInstanceOf(SubmitToCarrierPort.SubmitOutcomeUnknownException.class);

        verify(commands, never()).sendAndWait(any(io.attest.gateway.domain.message.RecordSubmissionNotTakenCommand.class));
    }

    @Test
    void aMessageIsPacedByItsCampaignsCapBeforeItIsRecordedAndSubmitted() throws Exception {
        java.util.List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        CampaignPacer pacer = new CampaignPacer(campaign -> {
            asked.add(campaign.value());
            return java.util.Optional.of(75);
        }, System::nanoTime);
        MessageDispatcher paced = new MessageDispatcher(carrier,
                new ReceiptCorrelationService(commands, mock(io.attest.gateway.application.message.port.out.CarrierCorrelationPort.class)),
                commands, worker, java.time.Clock.fixed(java.time.Instant.parse("2026-11-25T12:00:00Z"), java.time.ZoneOffset.UTC),
                io.attest.gateway.domain.message.UnknownOutcomePolicy.RESUBMIT, pacer, id -> null, null,
                new io.attest.gateway.application.shared.CommandBatches(commands, null, 1));
        when(carrier.canSubmit(org.mockito.ArgumentMatchers.anyString())).thenReturn(true);
        when(commands.sendAndWait(any())).thenReturn(true);
        when(carrier.submit(any())).thenReturn(new SubmitToCarrierPort.Submitted(CarrierMessageId.of("c-1")));

        paced.on(ACCEPTED);
        when(commands.sendAndWait(new io.attest.gateway.domain.message.CheckAwaitingSubmissionCommand(ID))).thenReturn(false);
        paced.on(ACCEPTED); // a redelivery of a message already submitted takes no place

        assertThat(asked).containsExactly("acme-otp");
        verify(commands, org.mockito.Mockito.times(2)).sendAndWait(new BeginSubmissionCommand(ID,
                java.time.Instant.parse("2026-11-25T12:00:00Z"), io.attest.gateway.domain.message.UnknownOutcomePolicy.RESUBMIT));
        // the campaign's place was taken: at 75 a minute, with the 1 s burst used up, the next waits
        // (without the dispatcher's reservation the first two here would both go at once)
        assertThat(pacer.reserve(io.attest.gateway.domain.campaign.CampaignId.of("acme-otp"), 1)).isZero();
        assertThat(pacer.reserve(io.attest.gateway.domain.campaign.CampaignId.of("acme-otp"), 1)).isPositive();
    }

    private static MessageAccepted accepted(String id, String to) {
        return new MessageAccepted(MessageId.of(id), AccountId.of("acme"), PhoneNumber.of("+15551234567"),
                PhoneNumber.of(to), "Hi", TextEncoding.GSM_7, 1, io.attest.gateway.domain.campaign.CampaignId.of("acme-otp"),
                io.attest.gateway.domain.campaign.UseCase.TWO_FACTOR_AUTHENTICATION,
                io.attest.gateway.domain.compliance.MessagePurpose.CLIENT, null, java.time.Instant.parse("2026-12-01T00:00:00Z"));
    }

    /** The processor's unit of work: the handlers of a batch run, then it commits (and the batch goes out). */
    private static void inOneBatch(Runnable handlers) {
        var unitOfWork = org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(null);
        try {
            handlers.run();
        } catch (RuntimeException e) {
            unitOfWork.rollback(e);
            throw e;
        }
        unitOfWork.commit();
    }

    @Test
    void aBatchGoesOutTogetherAndOneMessageThatCannotGoDoesNotStopTheOthers() throws Exception {
        when(carrier.canSubmit("+15550000001")).thenReturn(true);
        when(carrier.canSubmit("+15550000002")).thenReturn(false); // no bind routes this one now
        when(carrier.canSubmit("+15550000003")).thenReturn(true);
        when(commands.sendAndWait(any(BeginSubmissionCommand.class))).thenReturn(true);
        // each submit answers only once both are in flight: they go out together, not one after the other
        var bothInFlight = new java.util.concurrent.CountDownLatch(2);
        when(carrier.submit(any())).thenAnswer(call -> {
            bothInFlight.countDown();
            if (!bothInFlight.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new SubmitToCarrierPort.SubmitOutcomeUnknownException("submitted one at a time", null);
            }
            SubmitToCarrierPort.OutboundSms sms = call.getArgument(0);
            return new SubmitToCarrierPort.Submitted(CarrierMessageId.of("c-" + sms.messageId().value()));
        });

        assertThatThrownBy(() -> inOneBatch(() -> {
            dispatcher.on(accepted("m-1", "+15550000001"));
            dispatcher.on(accepted("m-2", "+15550000002"));
            dispatcher.on(accepted("m-3", "+15550000003"));
            verifyNoInteractions(carrier); // nothing goes before the batch is complete
        })).isInstanceOf(CarrierUnavailableException.class).hasMessageContaining("m-2");

        verify(commands).sendAndWait(new RecordSubmissionCommand(MessageId.of("m-1"), CarrierMessageId.of("c-m-1")));
        verify(commands).sendAndWait(new RecordSubmissionCommand(MessageId.of("m-3"), CarrierMessageId.of("c-m-3")));
        verify(commands, never()).sendAndWait(new BeginSubmissionCommand(MessageId.of("m-2"),
                java.time.Instant.parse("2026-11-25T12:00:00Z")));
        verify(carrier, org.mockito.Mockito.times(2)).submit(any());
    }

    @Test
    void aMessageTwiceInOneBatchIsDecidedOnceByItsCurrentState() throws Exception {
        when(carrier.canSubmit(org.mockito.ArgumentMatchers.anyString())).thenReturn(true);
        when(commands.sendAndWait(any(BeginSubmissionCommand.class))).thenReturn(true);
        when(carrier.submit(any())).thenReturn(new SubmitToCarrierPort.Submitted(CarrierMessageId.of("c-1")));
        var released = new io.attest.gateway.domain.message.MessageReleased(ID, PhoneNumber.of("+15551234567"),
                PhoneNumber.of("+15557654321"), "Hi", TextEncoding.GSM_7, java.util.List.of("quiet-hours"), "{}");

        inOneBatch(() -> {
            dispatcher.on(ACCEPTED);
            dispatcher.on(released); // held when accepted, released since: both events reach the same batch
        });

        verify(commands, org.mockito.Mockito.times(1)).sendAndWait(any(BeginSubmissionCommand.class));
        verify(carrier, org.mockito.Mockito.times(1)).submit(any());
    }
}
