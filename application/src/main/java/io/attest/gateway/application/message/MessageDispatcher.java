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

import io.attest.gateway.application.shared.BatchedWrites;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Process manager that hands every accepted (or released) message to the carrier. It runs in a tracking
 * processor whose segments work side by side, and works in the processor's batches: the messages of one batch are
 * checked, recorded, submitted and answered together (a few transactions per batch, not several per message), their
 * submits in flight at once through the binds' windows, so the order in which a batch's messages reach the SMSC is
 * not fixed.
 *
 * <p>It runs in a tracking event processor, so a message accepted while the gateway was down, or while no
 * carrier could take it, is submitted when the processor reaches it. The carrier's answer is recorded as
 * a command on the message in its own unit of work (on {@code worker}, outside the processor's
 * transaction), so the submission is stored before its receipt can arrive. When no carrier can take a
 * message, the rest of its batch still goes, then the batch fails and the processor handles it again with back-off:
 * nothing is skipped, and what went is not sent again.
 *
 * <p>Before a message that will go (cleared or released, not yet submitted) is submitted, its campaign's carrier cap
 * paces it ({@link CampaignPacer}): the dispatch thread waits for the campaign's next place, so the messages behind it
 * in the same batch and segment wait too. Its segments are then counted against its brand's daily carrier cap
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
    /** The messages of the processor's batch, submitted together just before its position is stored. */
    private final BatchedWrites<Pending> batch = new BatchedWrites<>("message-dispatch", this::dispatchOnWorker);

    public MessageDispatcher(SubmitToCarrierPort carrier, ReceiptCorrelationService correlation,
                             CommandGateway commandGateway, ExecutorService worker, java.time.Clock clock) {
        this(carrier, correlation, commandGateway, worker, clock,
                io.attest.gateway.domain.message.UnknownOutcomePolicy.RESUBMIT);
    }

    /** A message's acceptance, read from its events in the event store (null when there is none). */
    public static java.util.function.Function<io.attest.gateway.domain.message.MessageId, MessageAccepted> acceptanceFrom(
            io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort history) {
        return id -> history.history(id.value(), io.attest.gateway.domain.message.MessageEvent.class).stream()
                .map(io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort.Recorded::event)
                .filter(MessageAccepted.class::isInstance)
                .map(MessageAccepted.class::cast)
                .findFirst().orElse(null);
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
    public void on(MessageAccepted event) {
        batch.add(new Pending(new OutboundSms(event.messageId(), event.from().e164(), event.to().e164(), event.text(),
                event.encoding()), event));
    }

    /** A held message whose window opened. */
    @EventHandler
    public void on(MessageReleased event) {
        batch.add(new Pending(new OutboundSms(event.messageId(), event.from().e164(), event.to().e164(), event.text(),
                event.encoding()), pacer == null && dailyCap == null ? null : acceptanceOf.apply(event.messageId())));
    }

    /** A message to submit, with its acceptance (campaign, segments, purpose) when pacing or caps need it. */
    private record Pending(OutboundSms sms, MessageAccepted acceptance) {
    }

    /** A message that takes its place: what it counted against its brand's day, given back if it does not go. */
    private record Attempt(OutboundSms sms, BrandDailyCap.Admission counted) {
    }

    /** What the carrier answered to one submit, or how the submit failed. */
    private record Outcome(Attempt attempt, SubmitToCarrierPort.SubmissionResult result, java.time.Instant sentAt,
                           RuntimeException failure) {
    }

    /** The batch's work runs on the worker: its commands commit in units of work of their own, not the processor's. */
    private void dispatchOnWorker(List<Pending> pending) {
        Future<?> done = worker.submit(() -> dispatchAll(pending));
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CarrierUnavailableException("interrupted while submitting a batch", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /**
     * Submits a batch: which messages will go is checked in one transaction, their attempts are recorded in one
     * transaction before anything goes out, the submits go out together (pipelined through the binds' windows), and
     * their answers are recorded together. A message that cannot go now does not stop the others; once the others
     * are recorded its failure is thrown, so the processor handles the batch again later and only that message is
     * still to submit.
     */
    private void dispatchAll(List<Pending> pending) {
        RuntimeException failure = null;
        Set<io.attest.gateway.domain.message.MessageId> seen = new HashSet<>();
        List<Pending> reachable = new ArrayList<>();
        for (Pending next : pending) {
            // a message twice in one batch (accepted, then released): its current state decides once
            if (!seen.add(next.sms().messageId())) {
                continue;
            }
            if (carrier.canSubmit(next.sms().to())) {
                reachable.add(next);
            } else {
                failure = first(failure, new CarrierUnavailableException("no carrier connection is up; message "
                        + next.sms().messageId() + " waits", null));
            }
        }
        List<Attempt> attempts = admit(reachable);
        if (!attempts.isEmpty()) {
            List<Object> proceed = submissions.sendTogether(attempts.stream().map(attempt -> (Object)
                    new BeginSubmissionCommand(attempt.sms().messageId(), clock.instant(), unknownOutcome)).toList());
            List<Attempt> going = new ArrayList<>();
            for (int i = 0; i < attempts.size(); i++) {
                if (Boolean.TRUE.equals(proceed.get(i))) { // committed before the submit goes out
                    going.add(attempts.get(i));
                } else {
                    log.debug("message {} is held, blocked, submitted or finished: not sent now",
                            attempts.get(i).sms().messageId());
                    giveBack(attempts.get(i).counted());
                }
            }
            failure = first(failure, record(submitAll(going)));
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * Which of the messages take their place now: pacing and the brand's daily cap decide on each in turn; a message
     * the cap holds is recorded as held and left out.
     */
    private List<Attempt> admit(List<Pending> reachable) {
        List<Pending> decided = reachable.stream()
                .filter(next -> next.acceptance() != null && (pacer != null || dailyCap != null)).toList();
        // only a message that will go (cleared or released, not yet submitted) takes a place in its campaign's pace and
        // its brand's day
        List<Object> answers = decided.isEmpty() ? List.of() : submissions.sendTogether(decided.stream()
                .map(next -> (Object) new CheckAwaitingSubmissionCommand(next.sms().messageId())).toList());
        Set<io.attest.gateway.domain.message.MessageId> willGo = new HashSet<>();
        for (int i = 0; i < decided.size(); i++) {
            if (Boolean.TRUE.equals(answers.get(i))) {
                willGo.add(decided.get(i).sms().messageId());
            }
        }
        List<Attempt> attempts = new ArrayList<>(reachable.size());
        for (Pending next : reachable) {
            BrandDailyCap.Admission counted = null;
            if (willGo.contains(next.sms().messageId())) {
                MessageAccepted acceptance = next.acceptance();
                OutboundSms sms = next.sms();
                boolean obligatory = acceptance.purpose() != null && acceptance.purpose().isObligatoryReply();
                if (pacer != null) {
                    long wait = pacer.reserve(acceptance.campaignId(), acceptance.segments());
                    if (wait > 0 && !obligatory) {
                        log.debug("message {} of campaign {} waits {} ms for the campaign's carrier cap",
                                sms.messageId(), acceptance.campaignId(), wait / 1_000_000);
                        pause(wait);
                    }
                }
                if (dailyCap != null) {
                    counted = dailyCap.count(acceptance.campaignId(), acceptance.segments(), obligatory);
                    var deferral = counted.mustWait();
                    if (deferral.isPresent() && Boolean.TRUE.equals(commandGateway.sendAndWait(
                            new DeferForCarrierCapCommand(sms.messageId(), deferral.get().until(),
                                    deferral.get().reason(), deferral.get().inputs())))) {
                        log.info("message {} held until {}: {}", sms.messageId(), deferral.get().until(),
                                deferral.get().reason());
                        continue;
                    }
                    // not held (a submit whose answer was lost is open): the unknown-outcome policy decides next
                }
            }
            attempts.add(new Attempt(next.sms(), counted));
        }
        return attempts;
    }

    /** Every submit at once, each waiting for its own answer: the binds' windows pipeline them. */
    private List<Outcome> submitAll(List<Attempt> going) {
        if (going.size() == 1) {
            return List.of(submit(going.getFirst()));
        }
        try (ExecutorService submits = Executors.newThreadPerTaskExecutor(SUBMITS)) {
            List<Future<Outcome>> answers = going.stream().map(attempt -> submits.submit(() -> submit(attempt)))
                    .toList();
            List<Outcome> outcomes = new ArrayList<>(going.size());
            for (Future<Outcome> answer : answers) {
                try {
                    outcomes.add(answer.get());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the batch's submits went out", e);
                } catch (ExecutionException e) {
                    throw new IllegalStateException(e.getCause()); // submit() catches what a submit throws
                }
            }
            return outcomes;
        }
    }

    private static final java.util.concurrent.ThreadFactory SUBMITS = Thread.ofVirtual().name("message-submit-", 0)
            .factory();

    private Outcome submit(Attempt attempt) {
        java.time.Instant sending = clock.instant(); // receipts kept from before this are not this submit's
        try {
            return new Outcome(attempt, carrier.submit(attempt.sms()), sending, null);
        } catch (RuntimeException e) {
            return new Outcome(attempt, null, sending, e);
        }
    }

    /**
     * Records the answers: the submissions in one transaction, then the refusals and the submits nothing took in
     * another. Returns the first failure to throw once all is recorded: a submit nothing took is retried as a first
     * send; one whose answer was lost stays open for the unknown-outcome policy.
     */
    private RuntimeException record(List<Outcome> outcomes) {
        RuntimeException failure = null;
        List<ReceiptCorrelationService.Submission> taken = new ArrayList<>();
        List<Object> others = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            var messageId = outcome.attempt().sms().messageId();
            if (outcome.failure() != null) {
                failure = first(failure, outcome.failure());
                if (outcome.failure() instanceof CarrierUnavailableException notTaken
                        && !(notTaken instanceof SubmitToCarrierPort.SubmitOutcomeUnknownException)) {
                    // nothing was handed over: the next attempt is a first send, not a possible duplicate
                    others.add(new io.attest.gateway.domain.message.RecordSubmissionNotTakenCommand(messageId,
                            notTaken.getMessage()));
                    giveBack(outcome.attempt().counted()); // the retry counts it again
                }
                continue;
            }
            switch (outcome.result()) {
                case Submitted submitted -> taken.add(new ReceiptCorrelationService.Submission(messageId,
                        submitted.carrierMessageId(), submitted.route(), submitted.segmentIds(), outcome.sentAt(),
                        submitted.connection()));
                case Refused refused -> others.add(
                        new RecordSubmissionFailureCommand(messageId, refused.errorCode(), refused.reason()));
            }
        }
        if (taken.size() == 1) {
            correlation.submitted(taken.getFirst());
        } else {
            correlation.submitted(taken);
        }
        if (!others.isEmpty()) {
            submissions.sendTogether(others);
        }
        return failure;
    }

    private static RuntimeException first(RuntimeException failure, RuntimeException next) {
        return failure != null ? failure : next;
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
