package io.attest.gateway.application.message;

import io.attest.gateway.application.message.port.out.SubmitToCarrierPort;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.OutboundSms;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.Refused;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.Submitted;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.CarrierUnavailableException;
import io.attest.gateway.domain.message.BeginSubmissionCommand;
import io.attest.gateway.domain.message.CheckAwaitingSubmissionCommand;
import io.attest.gateway.domain.message.DeferForCarrierCapCommand;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageReleased;
import io.attest.gateway.domain.message.RecordSubmissionFailureCommand;
import io.attest.gateway.application.shared.CommandBatches;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Process manager that hands every accepted (or released) message to the carrier. It runs in a tracking
 * processor whose segments work side by side; within a segment, messages go in the order they were accepted.
 *
 * <p>It runs in a tracking event processor, so a message accepted while the gateway was down, or while no
 * carrier could take it, is submitted when the processor reaches it. The carrier's answer is recorded as
 * a command on the message in its own unit of work (on {@code worker}, outside the processor's
 * transaction), so the submission is stored before its receipt can arrive. When no carrier can take the
 * message the handler throws and the processor retries it with back-off: nothing is skipped.
 *
 * <p>Before a message that will go (cleared or released, not yet submitted) is submitted, its campaign's carrier cap
 * paces it ({@link CampaignPacer}): the dispatch thread waits for the campaign's next place, so the messages behind it
 * in the same segment wait too. Its segments are then counted against its brand's daily carrier cap
 * ({@link BrandDailyCap}); when that is used up the message is held until the cap resets, and the held-message
 * release decides on it again then. Replies the rules oblige the gateway to send take their place and are counted,
 * but never wait or are held.
 *
 * <p>Each submit is first recorded on the message ({@link BeginSubmissionCommand}); a message already
 * submitted or finished is skipped, so a redelivered event never sends it again. Known limit: when the
 * gateway stops after the SMSC answered but before that answer is recorded, the next attempt sends the
 * message again (at least once), and the timeline shows the second attempt.
 */
public class MessageDispatcher {

    private static final Logger log = LoggerFactory.getLogger(MessageDispatcher.class);

    private final SubmitToCarrierPort carrier;
    private final ReceiptCorrelationService correlation;
    private final CommandGateway commandGateway;
    private final ExecutorService worker;
    private final java.time.Clock clock;
    private final io.attest.gateway.domain.message.UnknownOutcomePolicy unknownOutcome;
    private final CampaignPacer pacer;
    private final BrandDailyCap dailyCap;
    private final CommandBatches submissions;
    private final java.util.function.Function<io.attest.gateway.domain.message.MessageId, MessageAccepted> acceptanceOf;

    public MessageDispatcher(SubmitToCarrierPort carrier, ReceiptCorrelationService correlation,
                             CommandGateway commandGateway, ExecutorService worker, java.time.Clock clock) {
        this(carrier, correlation, commandGateway, worker, clock,
                io.attest.gateway.domain.message.UnknownOutcomePolicy.RESUBMIT);
    }

    /** @param unknownOutcome what to do with a message whose last submit's answer was lost */
    public MessageDispatcher(SubmitToCarrierPort carrier, ReceiptCorrelationService correlation,
                             CommandGateway commandGateway, ExecutorService worker, java.time.Clock clock,
                             io.attest.gateway.domain.message.UnknownOutcomePolicy unknownOutcome) {
        this(carrier, correlation, commandGateway, worker, clock, unknownOutcome, null, id -> null, null,
                CommandBatches.direct(commandGateway));
    }

    /**
     * @param pacer        paces each campaign to its carrier cap before its message is submitted; null for none
     * @param acceptanceOf the acceptance of a released (once held) message, whose own event does not name its
     *                     campaign or purpose
     * @param dailyCap     counts each message against its brand's daily carrier cap and holds it when the cap is
     *                     used up; null for none
     * @param submissions  records each submit attempt before it goes: attempts that overlap are committed together
     */
    public MessageDispatcher(SubmitToCarrierPort carrier, ReceiptCorrelationService correlation,
                             CommandGateway commandGateway, ExecutorService worker, java.time.Clock clock,
                             io.attest.gateway.domain.message.UnknownOutcomePolicy unknownOutcome,
                             CampaignPacer pacer,
                             java.util.function.Function<io.attest.gateway.domain.message.MessageId,
                                     MessageAccepted> acceptanceOf,
                             BrandDailyCap dailyCap, CommandBatches submissions) {
        this.submissions = submissions;
        this.dailyCap = dailyCap;
        this.pacer = pacer;
        this.acceptanceOf = acceptanceOf;
        this.unknownOutcome = unknownOutcome;
        this.clock = clock;
        this.carrier = carrier;
        this.correlation = correlation;
        this.commandGateway = commandGateway;
        this.worker = worker;
    }

    /** When the node stops: the brand counts it reserved and did not use go back to the shared count. */
    public void close() {
        if (dailyCap != null) {
            dailyCap.release();
        }
    }

    @EventHandler
    public void on(MessageAccepted event) throws InterruptedException {
        submitOnWorker(new OutboundSms(event.messageId(), event.from().e164(), event.to().e164(), event.text(),
                event.encoding()), event);
    }

    /** A held message whose window opened. */
    @EventHandler
    public void on(MessageReleased event) throws InterruptedException {
        submitOnWorker(new OutboundSms(event.messageId(), event.from().e164(), event.to().e164(), event.text(),
                event.encoding()), pacer == null && dailyCap == null ? null : acceptanceOf.apply(event.messageId()));
    }

    private void submitOnWorker(OutboundSms sms, MessageAccepted acceptance) throws InterruptedException {
        Future<?> done = worker.submit(() -> dispatch(sms, acceptance));
        try {
            done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * @param acceptance the message's acceptance (campaign, segments, purpose) for pacing and caps; null when neither
     *                   is on
     */
    private void dispatch(OutboundSms sms, MessageAccepted acceptance) {
        if (!carrier.canSubmit(sms.to())) {
            throw new CarrierUnavailableException("no carrier connection is up; message " + sms.messageId()
                    + " waits", null);
        }
        BrandDailyCap.Admission counted = null;
        if (acceptance != null && (pacer != null || dailyCap != null)
                && Boolean.TRUE.equals(commandGateway.sendAndWait(new CheckAwaitingSubmissionCommand(sms.messageId())))) {
            // only a message that will go takes a place in its campaign's pace and its brand's day
            boolean obligatory = acceptance.purpose() != null && acceptance.purpose().isObligatoryReply();
            if (pacer != null) {
                long wait = pacer.reserve(acceptance.campaignId(), acceptance.segments());
                if (wait > 0 && !obligatory) {
                    log.debug("message {} of campaign {} waits {} ms for the campaign's carrier cap", sms.messageId(),
                            acceptance.campaignId(), wait / 1_000_000);
                    pause(wait);
                }
            }
            if (dailyCap != null) {
                counted = dailyCap.count(acceptance.campaignId(), acceptance.segments(), obligatory);
                var deferral = counted.mustWait();
                if (deferral.isPresent() && Boolean.TRUE.equals(commandGateway.sendAndWait(new DeferForCarrierCapCommand(
                        sms.messageId(), deferral.get().until(), deferral.get().reason(), deferral.get().inputs())))) {
                    log.info("message {} held until {}: {}", sms.messageId(), deferral.get().until(),
                            deferral.get().reason());
                    return;
                }
                // not held (a submit whose answer was lost is open): the unknown-outcome policy decides below
            }
        }
        Boolean proceed = submissions.sendAndWait(new BeginSubmissionCommand(sms.messageId(), clock.instant(),
                unknownOutcome)); // committed before the submit goes out
        if (!Boolean.TRUE.equals(proceed)) {
            log.debug("message {} is held, blocked, submitted or finished: not sent now", sms.messageId());
            giveBack(counted);
            return;
        }
        SubmitToCarrierPort.SubmissionResult result;
        java.time.Instant sending = clock.instant(); // receipts kept from before this are not this submit's
        try {
            result = carrier.submit(sms);
        } catch (SubmitToCarrierPort.SubmitOutcomeUnknownException unknown) {
            throw unknown; // the attempt stays open: the next one applies the unknown-outcome policy
        } catch (CarrierUnavailableException notTaken) {
            // nothing was handed over: the next attempt is a first send, not a possible duplicate
            commandGateway.sendAndWait(new io.attest.gateway.domain.message.RecordSubmissionNotTakenCommand(
                    sms.messageId(), notTaken.getMessage()));
            giveBack(counted); // the retry counts it again
            throw notTaken;
        }
        switch (result) {
            case Submitted submitted -> correlation.submitted(sms.messageId(), submitted.carrierMessageId(),
                    submitted.route(), submitted.segmentIds(), sending);
            case Refused refused -> commandGateway.sendAndWait(
                    new RecordSubmissionFailureCommand(sms.messageId(), refused.errorCode(), refused.reason()));
        }
    }

    private void giveBack(BrandDailyCap.Admission counted) {
        if (counted != null && dailyCap != null) {
            dailyCap.giveBack(counted);
        }
    }

    private static void pause(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CarrierUnavailableException("interrupted while pacing the campaign", e);
        }
    }
}
