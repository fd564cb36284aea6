package io.attest.gateway.application.message;

import io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort;
import io.attest.gateway.application.message.port.in.RecordDeliveryReceiptUseCase;
import io.attest.gateway.application.message.port.out.AwaitedReceiptsPort;
import io.attest.gateway.application.message.port.out.CarrierQueryPort;
import io.attest.gateway.domain.message.CarrierMessageId;
import io.attest.gateway.domain.message.DeliveryReceipt;
import io.attest.gateway.domain.message.GiveUpOnReceiptCommand;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageEvent;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageSubmitted;
import io.attest.gateway.domain.message.ReceiptOutcome;
import io.attest.gateway.domain.message.SegmentReceiptRecorded;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class ReceiptWatchServiceTest {

    private static final MessageId ID = MessageId.of("m-1");
    private static final Instant VALID_UNTIL = Instant.parse("2026-12-03T12:00:00Z");

    private final AwaitedReceiptsPort awaited = mock(AwaitedReceiptsPort.class);
    private final CarrierQueryPort carrier = mock(CarrierQueryPort.class);
    private final RecordDeliveryReceiptUseCase receipts = mock(RecordDeliveryReceiptUseCase.class);
    private final ComplianceHistoryPort history = mock(ComplianceHistoryPort.class);
    private final CommandGateway commands = mock(CommandGateway.class);

    private ReceiptWatchService at(Instant now) {
        return new ReceiptWatchService(awaited, carrier, receipts, history, commands, Clock.fixed(now, ZoneOffset.UTC),
                Duration.ofHours(1), Duration.ofHours(1));
    }

    private void submittedAs(MessageEvent... after) {
        List<ComplianceHistoryPort.Recorded<MessageEvent>> events = new java.util.ArrayList<>();
        events.add(recorded(new MessageAccepted(ID, AccountId.of("acme"), PhoneNumber.of("+15551234567"),
                PhoneNumber.of("+15557654321"), "Hi", TextEncoding.GSM_7, 1, null, null,
                io.attest.gateway.domain.compliance.MessagePurpose.CLIENT, VALID_UNTIL.minus(Duration.ofHours(48)),
                VALID_UNTIL, null)));
        for (MessageEvent event : after) {
            events.add(recorded(event));
        }
        when(history.history(ID.value(), MessageEvent.class)).thenReturn(events);
        when(awaited.awaitingReceipt(any(), any(), org.mockito.ArgumentMatchers.anyInt())).thenReturn(List.of(ID));
    }

    private static ComplianceHistoryPort.Recorded<MessageEvent> recorded(MessageEvent event) {
        return new ComplianceHistoryPort.Recorded<>(event, Instant.parse("2026-12-01T12:00:00Z"), 0);
    }

    @Test
    void aFinalStateTheSmscGivesIsRecordedAsTheReceipt() {
        submittedAs(new MessageSubmitted(ID, CarrierMessageId.of("c-1"), null, List.of()));
        when(carrier.query(CarrierMessageId.of("c-1"), "+15551234567")).thenReturn(Optional.of(
                new CarrierQueryPort.QueriedState("DELIVERED", ReceiptOutcome.DELIVERED, "2612011201")));

        at(VALID_UNTIL.minus(Duration.ofHours(2))).askAboutOverdueReceipts();

        // applied to the message asked about, submitted at the time of its MessageSubmitted
        verify(receipts).recordAnswer(ID, Instant.parse("2026-12-01T12:00:00Z"), new DeliveryReceipt(
                CarrierMessageId.of("c-1"), ReceiptOutcome.DELIVERED, "query_sm DELIVERED", null, "2612011201"));
        verify(awaited).asked(ID, VALID_UNTIL.minus(Duration.ofHours(2)));
        verify(commands, never()).sendAndWait(any());
    }

    @Test
    void withinTheValidityAMessageTheSmscStillHoldsKeepsWaiting() {
        submittedAs(new MessageSubmitted(ID, CarrierMessageId.of("c-1"), null, List.of()));
        when(carrier.query(any(), any())).thenReturn(Optional.of(new CarrierQueryPort.QueriedState("ENROUTE", null, null)));

        at(VALID_UNTIL.plus(Duration.ofMinutes(59))).askAboutOverdueReceipts();

        verify(receipts, never()).recordAnswer(any(), any(), any());
        verify(commands, never()).sendAndWait(any());
    }

    @Test
    void pastTheValidityAndTheGraceTheGatewayGivesUpNamingWhatTheSmscSaid() {
        // a long message: segment 1 was answered by its receipt; segment 2 is asked about, the SMSC never answers
        var first = new DeliveryReceipt(CarrierMessageId.of("c-1"), ReceiptOutcome.DELIVERED, "DELIVRD", "000", null);
        submittedAs(new MessageSubmitted(ID, CarrierMessageId.of("c-1"), null,
                List.of(CarrierMessageId.of("c-1"), CarrierMessageId.of("c-2"))),
                new SegmentReceiptRecorded(ID, 1, 2, first));
        when(carrier.query(CarrierMessageId.of("c-2"), "+15551234567")).thenReturn(Optional.empty());
        Instant now = VALID_UNTIL.plus(Duration.ofHours(1));

        at(now).askAboutOverdueReceipts();

        verify(carrier, never()).query(eq(CarrierMessageId.of("c-1")), any());
        verify(commands).sendAndWait(new GiveUpOnReceiptCommand(ID, now, "no delivery receipt by "
                + VALID_UNTIL.plus(Duration.ofHours(1)) + " (validity ended at " + VALID_UNTIL
                + "); query_sm: c-2 not answered"));
    }
}
