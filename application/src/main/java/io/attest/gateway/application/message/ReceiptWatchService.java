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
import io.attest.gateway.domain.message.SegmentReceiptRecorded;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A receipt that never comes does not leave a message submitted for ever. A message still waiting for its receipt
 * {@code queryAfter} after it was submitted is asked about (query_sm, for each segment not answered yet), and again
 * every {@code queryAfter}: a final state the SMSC gives is recorded as the message's receipt, through the same path a
 * deliver_sm receipt takes. Once the message's validity ended more than {@code giveUpAfterValidity} ago with no final
 * answer, the gateway stops waiting: the message ends {@code expired}, the reason naming what the SMSC said.
 */
public class ReceiptWatchService {

    private static final Logger log = LoggerFactory.getLogger(ReceiptWatchService.class);
    private static final int BATCH = 100;

    private final AwaitedReceiptsPort awaited;
    private final CarrierQueryPort carrier;
    private final RecordDeliveryReceiptUseCase receipts;
    private final ComplianceHistoryPort history;
    private final CommandGateway commands;
    private final Clock clock;
    private final Duration queryAfter;
    private final Duration giveUpAfterValidity;

    public ReceiptWatchService(AwaitedReceiptsPort awaited, CarrierQueryPort carrier, RecordDeliveryReceiptUseCase receipts,
                               ComplianceHistoryPort history, CommandGateway commands, Clock clock, Duration queryAfter,
                               Duration giveUpAfterValidity) {
        if (queryAfter.isNegative() || queryAfter.isZero() || giveUpAfterValidity.isNegative()) {
            throw new IllegalArgumentException("gateway.receipts.query-after must be positive and"
                    + " gateway.receipts.give-up-after-validity not negative");
        }
        this.awaited = awaited;
        this.carrier = carrier;
        this.receipts = receipts;
        this.history = history;
        this.commands = commands;
        this.clock = clock;
        this.queryAfter = queryAfter;
        this.giveUpAfterValidity = giveUpAfterValidity;
    }

    /** @return how many messages were asked about */
    public int askAboutOverdueReceipts() {
        Instant now = clock.instant();
        List<MessageId> overdue = awaited.awaitingReceipt(now.minus(queryAfter), now.minus(queryAfter), BATCH);
        for (MessageId id : overdue) {
            try {
                ask(id, now);
            } catch (RuntimeException e) { // one that fails holds back no other
                log.warn("asking the SMSC about message {} failed; trying again later: {}", id, e.toString());
            }
            awaited.asked(id, now);
        }
        awaited.forgetAnswered();
        return overdue.size();
    }

    private void ask(MessageId id, Instant now) {
        List<ComplianceHistoryPort.Recorded<MessageEvent>> recorded = history.history(id.value(), MessageEvent.class);
        List<MessageEvent> events = recorded.stream().map(ComplianceHistoryPort.Recorded::event).toList();
        if (events.isEmpty() || !(events.getFirst() instanceof MessageAccepted accepted)) {
            return;
        }
        MessageSubmitted submitted = null;
        Instant submittedAt = null;
        Set<CarrierMessageId> answered = new HashSet<>();
        for (ComplianceHistoryPort.Recorded<MessageEvent> record : recorded) {
            MessageEvent event = record.event();
            if (event instanceof MessageSubmitted e) {
                submitted = e;
                submittedAt = record.at();
            } else if (event instanceof SegmentReceiptRecorded e) {
                answered.add(e.receipt().carrierMessageId());
            }
        }
        if (submitted == null) {
            return;
        }
        List<CarrierMessageId> ids = submitted.segmentIds().isEmpty() ? List.of(submitted.carrierMessageId())
                : submitted.segmentIds();
        List<String> answers = new ArrayList<>();
        for (CarrierMessageId carrierId : ids) {
            if (answered.contains(carrierId)) {
                continue;
            }
            Optional<CarrierQueryPort.QueriedState> state = carrier.query(carrierId, accepted.from().e164());
            if (state.isPresent() && state.get().outcome() != null) {
                log.info("no receipt for {} (message {}); query_sm says {}", carrierId, id, state.get().state());
                receipts.recordAnswer(id, submittedAt, new DeliveryReceipt(carrierId, state.get().outcome(),
                        "query_sm " + state.get().state(), null, state.get().finalDate()));
            }
            answers.add(carrierId.value() + " " + state.map(CarrierQueryPort.QueriedState::state)
                    .orElse("not answered"));
        }
        if (accepted.validUntil() == null) {
            return; // recorded before messages had a validity: only a receipt ends it
        }
        Instant giveUpAt = accepted.validUntil().plus(giveUpAfterValidity);
        if (!now.isBefore(giveUpAt) && Boolean.TRUE.equals(commands.sendAndWait(new GiveUpOnReceiptCommand(id, now,
                "no delivery receipt by " + giveUpAt + " (validity ended at " + accepted.validUntil()
                        + "); query_sm: " + String.join(", ", answers))))) {
            log.warn("message {} ended expired: no delivery receipt by {}; query_sm: {}", id, giveUpAt, answers);
        }
    }
}
