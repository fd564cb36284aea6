package io.attest.gateway.application.message;

import io.attest.gateway.application.message.port.out.SubmitToCarrierPort;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.OutboundSms;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.Refused;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.Submitted;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.CarrierUnavailableException;
import io.attest.gateway.domain.message.BeginSubmissionCommand;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageReleased;
import io.attest.gateway.domain.message.RecordSubmissionFailureCommand;
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
 * <p>Before a message goes, its campaign's carrier cap paces it ({@link CampaignPacer}): the dispatch thread waits
 * for the campaign's next place, so the messages behind it in the same segment wait too. Its segments are then counted
 * against its brand's daily carrier cap ({@link BrandDailyCap}); when that is used up the message is held until the
 * cap resets, and the held-message release decides on it again then.
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
    private final java.util.function.Function<io.attest.gateway.domain.message.MessageId,
            io.attest.gateway.domain.campaign.CampaignId> campaignOf;

    public MessageDispatcher(SubmitToCarrierPort carrier, ReceiptCorrelationService correlation,
                             CommandGateway commandGateway, ExecutorService worker, java.time.Clock clock) {
        this(carrier, correlation, commandGateway, worker, clock,
                io.attest.gateway.domain.message.UnknownOutcomePolicy.RESUBMIT);
    }

    /** @param unknownOutcome what to do with a message whose last submit's answer was lost */
    public MessageDispatcher(SubmitToCarrierPort carrier, ReceiptCorrelationService correlation,
                             CommandGateway commandGateway, ExecutorService worker, java.time.Clock clock,
                             io.attest.gateway.domain.message.UnknownOutcomePolicy unknownOutcome) {
        this(carrier, correlation, commandGateway, worker, clock, unknownOutcome, null, id -> null, null);
    }

    /**
     * @param pacer      paces each campaign to its carrier cap before its message is submitted; null for none
     * @param campaignOf the campaign of a released (once held) message, whose event does not name it
     * @param dailyCap   counts each message against its brand's daily carrier cap and holds it when the cap is used
     *                   up; null for none
     */
    public MessageDispatcher(SubmitToCarrierPort carrier, ReceiptCorrelationService correlation,
                             CommandGateway commandGateway, ExecutorService worker, java.time.Clock clock,
                             io.attest.gateway.domain.message.UnknownOutcomePolicy unknownOutcome,
                             CampaignPacer pacer,
                             java.util.function.Function<io.attest.gateway.domain.message.MessageId,
                                     io.attest.gateway.domain.campaign.CampaignId> campaignOf,
                             BrandDailyCap dailyCap) {
        this.dailyCap = dailyCap;
        this.pacer = pacer;
        this.campaignOf = campaignOf;
        this.unknownOutcome = unknownOutcome;
        this.clock = clock;
        this.carrier = carrier;
        this.correlation = correlation;
        this.commandGateway = commandGateway;
        this.worker = worker;
    }

    @EventHandler
    public void on(MessageAccepted event) throws InterruptedException {
        submitOnWorker(new OutboundSms(event.messageId(), event.from().e164(), event.to().e164(), event.text(),
                event.encoding()), event.campaignId(), event.segments());
    }

    /** A held message whose window opened. */
    @EventHandler
    public void on(MessageReleased event) throws InterruptedException {
        submitOnWorker(new OutboundSms(event.messageId(), event.from().e164(), event.to().e164(), event.text(),
                event.encoding()), pacer == null && dailyCap == null ? null : campaignOf.apply(event.messageId()),
                io.attest.gateway.domain.message.MessageContent.measure(event.text()).segments());
    }

    private void submitOnWorker(OutboundSms sms, io.attest.gateway.domain.campaign.CampaignId campaign, int segments)
            throws InterruptedException {
        if (pacer != null) {
            long wait = pacer.reserve(campaign, segments);
            if (wait > 0) {
                log.debug("message {} of campaign {} waits {} ms for the campaign's carrier cap", sms.messageId(),
                        campaign, wait / 1_000_000);
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        Future<?> done = worker.submit(() -> dispatch(sms, campaign, segments));
        try {
            done.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void dispatch(OutboundSms sms, io.attest.gateway.domain.campaign.CampaignId campaign, int segments) {
        if (!carrier.canSubmit(sms.to())) {
            throw new CarrierUnavailableException("no carrier connection is up; message " + sms.messageId()
                    + " waits", null);
        }
        if (dailyCap != null) {
            var deferral = dailyCap.admit(campaign, segments);
            if (deferral.isPresent()) {
                log.info("message {} held until {}: {}", sms.messageId(), deferral.get().until(), deferral.get().reason());
                commandGateway.sendAndWait(new io.attest.gateway.domain.message.DeferForCarrierCapCommand(sms.messageId(),
                        deferral.get().until(), deferral.get().reason(), deferral.get().inputs()));
                return;
            }
        }
        Boolean proceed = commandGateway.sendAndWait(new BeginSubmissionCommand(sms.messageId(), clock.instant(),
                unknownOutcome));
        if (!Boolean.TRUE.equals(proceed)) {
            log.debug("message {} is held, blocked, submitted or finished: not sent now", sms.messageId());
            return;
        }
        SubmitToCarrierPort.SubmissionResult result;
        try {
            result = carrier.submit(sms);
        } catch (SubmitToCarrierPort.SubmitOutcomeUnknownException unknown) {
            throw unknown; // the attempt stays open: the next one applies the unknown-outcome policy
        } catch (CarrierUnavailableException notTaken) {
            // nothing was handed over: the next attempt is a first send, not a possible duplicate
            commandGateway.sendAndWait(new io.attest.gateway.domain.message.RecordSubmissionNotTakenCommand(
                    sms.messageId(), notTaken.getMessage()));
            throw notTaken;
        }
        switch (result) {
            case Submitted submitted -> correlation.submitted(sms.messageId(), submitted.carrierMessageId(),
                    submitted.route(), submitted.segmentIds());
            case Refused refused -> commandGateway.sendAndWait(
                    new RecordSubmissionFailureCommand(sms.messageId(), refused.errorCode(), refused.reason()));
        }
    }
}
