package io.attest.gateway.domain.message;

import io.attest.gateway.domain.compliance.ComplianceDecision;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One outbound message, event-sourced. State machine (docs/message-state-machine.md):
 * <pre>
 * (accepted with the send policy's decision: cleared stays ACCEPTED, held -> HELD, blocked -> BLOCKED)
 * (accepted with a sendAt: not blocked -> SCHEDULED; SCHEDULED --sendAt comes--> decided again as HELD is)
 * HELD --window opens, policy allows--> ACCEPTED;  HELD --policy blocks--> BLOCKED;  HELD --validity ends--> EXPIRED
 * SCHEDULED, HELD --the client cancels--> CANCELLED
 * ACCEPTED --(attempt recorded) submit_sm_resp ok--> SUBMITTED --receipt DELIVRD--> DELIVERED
 *    |                                |------receipt UNDELIV/REJECTD/DELETED--> FAILED
 *    |--permanent submit error--> FAILED   |--receipt EXPIRED--> EXPIRED
 *    |--validity ran out--> EXPIRED
 * </pre>
 * Terminal states never change. A repeated submission or receipt that says what is already known is
 * ignored (carriers resend); a receipt that contradicts a final state is recorded but changes nothing.
 */
public class Message {

    @AggregateIdentifier
    private MessageId messageId;
    private MessageStatus status;
    private CarrierMessageId carrierMessageId;
    private ReceiptOutcome finalReceiptOutcome;
    /** For a message sent as concatenated segments: each segment's id, and the outcome of its receipt once known. */
    private java.util.List<CarrierMessageId> segmentIds = java.util.List.of();
    private final java.util.Map<CarrierMessageId, ReceiptOutcome> segmentOutcomes = new java.util.HashMap<>();
    private int submissionAttempts;
    /** An attempt was recorded and neither its submission, its refusal nor that it was not taken followed. */
    private boolean outcomeUnknown;
    private java.time.Instant validUntil;
    private io.attest.gateway.domain.shared.PhoneNumber from;
    private io.attest.gateway.domain.shared.PhoneNumber to;
    private String text;
    private TextEncoding encoding;
    private io.attest.gateway.domain.campaign.UseCase useCase;
    /** What the message was expected to cost at acceptance: its carrier and traffic class price the charge too. */
    private io.attest.gateway.domain.cost.MessageCost estimate;

    protected Message() {
        // for Axon's event sourcing
    }

    @CommandHandler
    public Message(AcceptMessageCommand command) {
        MessageContent content = command.content();
        apply(new MessageAccepted(command.messageId(), command.accountId(), command.from(), command.to(),
                content.text(), content.encoding(), content.segments(), command.campaignId(), command.useCase(),
                command.purpose(), command.decidedAt(), command.validUntil(), command.webhookUrl(),
                command.estimate()));
        // in a constructor, applied events reach the fields only after it returns: pass the id along
        if (command.sendAt() != null && !(command.decision() instanceof ComplianceDecision.Blocked)) {
            apply(new MessageScheduled(command.messageId(), command.sendAt(), switch (command.decision()) {
                case ComplianceDecision.Allowed allowed -> allowed.checks();
                default -> java.util.List.of();
            }, switch (command.decision()) {
                case ComplianceDecision.Allowed allowed -> allowed.inputs();
                case ComplianceDecision.Held held -> "held now by " + held.rule().id() + " until " + held.until()
                        + ": decided again at " + command.sendAt() + " | " + held.inputs();
                case ComplianceDecision.Blocked blocked -> blocked.inputs();
            }));
        } else {
            applyDecision(command.messageId(), command.decision());
        }
    }

    @CommandHandler
    public void handle(CancelMessageCommand command) {
        if (status != MessageStatus.SCHEDULED && status != MessageStatus.HELD) {
            throw new IllegalMessageTransitionException("message " + messageId + " is " + status.name().toLowerCase(
                    java.util.Locale.ROOT) + ": only a scheduled or held message can be cancelled, before it is released");
        }
        apply(new MessageCancelled(messageId, command.reason()));
    }

    @CommandHandler
    public void handle(ReevaluateHeldMessageCommand command) {
        if (status != MessageStatus.HELD && status != MessageStatus.SCHEDULED) {
            return; // released, blocked, expired or cancelled already: a late or repeated release changes nothing
        }
        if (validUntil != null && !command.now().isBefore(validUntil)) {
            apply(new MessageExpired(messageId, "validity ended at " + validUntil + " while "
                    + status.name().toLowerCase(java.util.Locale.ROOT), null));
            return;
        }
        if (command.decision() instanceof ComplianceDecision.Allowed allowed) {
            apply(new MessageReleased(messageId, from, to, text, encoding, allowed.checks(), allowed.inputs(), useCase));
        } else {
            applyDecision(messageId, command.decision());
        }
    }

    private static void applyDecision(MessageId id, ComplianceDecision decision) {
        switch (decision) {
            case ComplianceDecision.Allowed allowed ->
                    apply(new MessageCleared(id, allowed.checks(), allowed.inputs()));
            case ComplianceDecision.Blocked blocked ->
                    apply(new MessageBlocked(id, blocked.rule().id(), blocked.reason(), blocked.inputs()));
            case ComplianceDecision.Held held -> apply(new MessageHeld(id, held.rule().id(), held.until(),
                    held.reason(), held.inputs()));
        }
    }

    @CommandHandler
    public boolean handle(BeginSubmissionCommand command) {
        if (status != MessageStatus.ACCEPTED) {
            return false;
        }
        if (validUntil != null && command.now() != null && !command.now().isBefore(validUntil)) {
            apply(new MessageExpired(messageId, "validity ended at " + validUntil + " before it could be submitted", null));
            return false;
        }
        if (outcomeUnknown && command.unknownOutcome() == UnknownOutcomePolicy.FAIL) {
            apply(new MessageSubmissionFailed(messageId, "submit-outcome-unknown", "the carrier's answer to submit attempt "
                    + submissionAttempts + " was lost; by policy (fail) it is not sent again, so it may or may not have "
                    + "reached the handset"));
            return false;
        }
        apply(new MessageSubmissionAttempted(messageId, submissionAttempts + 1, outcomeUnknown));
        return true;
    }

    /** @return true while the message is cleared (or released) and not yet submitted, failed or finished */
    @CommandHandler
    public boolean handle(CheckAwaitingSubmissionCommand command) {
        return status == MessageStatus.ACCEPTED;
    }

    /**
     * Holds a cleared message that has no submit open, until the brand's carrier cap resets.
     *
     * @return false when the message is not waiting for its first or next submit (nothing changes)
     */
    @CommandHandler
    public boolean handle(DeferForCarrierCapCommand command) {
        if (status != MessageStatus.ACCEPTED || outcomeUnknown) {
            return false; // decided meanwhile, or a submit's answer is open: holding it now could hide a send
        }
        if (validUntil != null && !command.until().isBefore(validUntil)) {
            apply(new MessageExpired(messageId, "validity ends at " + validUntil + ", before the carrier cap resets at "
                    + command.until(), null));
            return true;
        }
        apply(new MessageHeld(messageId, io.attest.gateway.domain.compliance.ComplianceRule.CARRIER_DAILY_CAP.id(),
                command.until(), command.reason(), command.inputs()));
        return true;
    }

    @CommandHandler
    public void handle(RecordSubmissionNotTakenCommand command) {
        if (status != MessageStatus.ACCEPTED || !outcomeUnknown) {
            return; // decided meanwhile, or nothing open: nothing to withdraw
        }
        apply(new MessageSubmissionNotTaken(messageId, submissionAttempts, command.reason()));
    }

    @CommandHandler
    public void handle(RecordSubmissionCommand command) {
        if (status == MessageStatus.ACCEPTED) {
            apply(new MessageSubmitted(messageId, command.carrierMessageId(), command.route(), command.segmentIds(),
                    charge(command)));
            return;
        }
        if (command.carrierMessageId().equals(carrierMessageId)) {
            return; // the same acknowledgement twice: already known
        }
        throw new IllegalMessageTransitionException("message " + messageId + " is " + status
                + (carrierMessageId == null ? "" : " as carrier id " + carrierMessageId)
                + "; it cannot be submitted as " + command.carrierMessageId());
    }

    @CommandHandler
    public void handle(RecordSubmissionFailureCommand command) {
        if (status != MessageStatus.ACCEPTED) {
            throw new IllegalMessageTransitionException(
                    "message " + messageId + " is " + status + "; a submission failure applies only to an accepted message");
        }
        apply(new MessageSubmissionFailed(messageId, command.errorCode(), command.reason()));
    }

    @CommandHandler
    public void handle(RecordDeliveryReceiptCommand command) {
        DeliveryReceipt receipt = command.receipt();
        if (!segmentIds.isEmpty()) {
            handleSegmentReceipt(receipt);
            return;
        }
        if (status == MessageStatus.ACCEPTED || !receipt.carrierMessageId().equals(carrierMessageId)) {
            throw new IllegalMessageTransitionException("message " + messageId + " is " + status
                    + " as carrier id " + carrierMessageId + "; a receipt for " + receipt.carrierMessageId()
                    + " does not belong to it");
        }
        if (status.isTerminal()) {
            if (receipt.outcome() != finalReceiptOutcome) {
                apply(new ConflictingReceiptRecorded(messageId, receipt, status));
            }
            return; // a duplicate of the receipt already applied
        }
        switch (receipt.outcome().resultingStatus()) {
            case DELIVERED -> apply(new MessageDelivered(messageId, receipt));
            case EXPIRED -> apply(new MessageExpired(messageId, "carrier receipt " + receipt.carrierStatus(), receipt));
            default -> apply(new MessageDeliveryFailed(messageId, receipt));
        }
    }

    /**
     * One segment's receipt: in any order, each counted once. The message is delivered with its last segment's
     * receipt, and failed or expired with the first segment that was not delivered; receipts after that are kept
     * on the timeline (a different answer for a segment already answered is a conflict).
     */
    private void handleSegmentReceipt(DeliveryReceipt receipt) {
        int index = segmentIds.indexOf(receipt.carrierMessageId());
        if (index < 0) {
            throw new IllegalMessageTransitionException("message " + messageId + " was sent as segments "
                    + segmentIds + "; a receipt for " + receipt.carrierMessageId() + " does not belong to it");
        }
        ReceiptOutcome known = segmentOutcomes.get(receipt.carrierMessageId());
        if (known != null) {
            if (known != receipt.outcome()) {
                apply(new ConflictingReceiptRecorded(messageId, receipt, status));
            }
            return; // the same segment's receipt again
        }
        int segment = index + 1;
        if (status.isTerminal()) {
            apply(new SegmentReceiptRecorded(messageId, segment, segmentIds.size(), receipt));
            return;
        }
        switch (receipt.outcome().resultingStatus()) {
            case DELIVERED -> {
                boolean last = segmentOutcomes.size() + 1 == segmentIds.size();
                if (last) {
                    apply(new MessageDelivered(messageId, receipt));
                } else {
                    apply(new SegmentReceiptRecorded(messageId, segment, segmentIds.size(), receipt));
                }
            }
            case EXPIRED -> apply(new MessageExpired(messageId, "carrier receipt " + receipt.carrierStatus()
                    + " for segment " + segment + " of " + segmentIds.size(), receipt));
            default -> apply(new MessageDeliveryFailed(messageId, receipt));
        }
    }

    /**
     * Stops waiting for a receipt that did not come within the message's validity: the message ends expired with the
     * reason, no receipt. A receipt that comes after all is kept on the timeline as a conflicting one.
     */
    @CommandHandler
    public boolean handle(GiveUpOnReceiptCommand command) {
        if (status != MessageStatus.SUBMITTED || validUntil == null || command.now().isBefore(validUntil)) {
            return false;
        }
        apply(new MessageExpired(messageId, command.reason(), null));
        return true;
    }

    @CommandHandler
    public void handle(ExpireMessageCommand command) {
        if (status != MessageStatus.ACCEPTED && status != MessageStatus.HELD) {
            throw new IllegalMessageTransitionException("message " + messageId + " is " + status
                    + "; only a message not yet submitted can be expired by the gateway");
        }
        apply(new MessageExpired(messageId, command.reason(), null));
    }

    /**
     * The price of the submission the carrier acknowledged: the route that took it, every segment (the text's, or each
     * concatenated segment sent), the rate card in force now, the carrier and traffic class found at acceptance.
     */
    private io.attest.gateway.domain.cost.MessageCost charge(RecordSubmissionCommand command) {
        if (command.rateCard() == null || estimate == null) {
            return null;
        }
        int segments = Math.max(Math.max(1, command.segmentIds().size()), estimate.segments());
        return command.rateCard().outbound(command.connection(), estimate.carrier(), estimate.trafficClass(), segments);
    }

    @EventSourcingHandler
    void on(MessageAccepted event) {
        estimate = event.estimate();
        messageId = event.messageId();
        status = MessageStatus.ACCEPTED;
        validUntil = event.validUntil();
        from = event.from();
        to = event.to();
        text = event.text();
        encoding = event.encoding();
        useCase = event.useCase();
    }

    @EventSourcingHandler
    void on(MessageBlocked event) {
        status = MessageStatus.BLOCKED;
    }

    @EventSourcingHandler
    void on(MessageScheduled event) {
        status = MessageStatus.SCHEDULED;
    }

    @EventSourcingHandler
    void on(MessageCancelled event) {
        status = MessageStatus.CANCELLED;
    }

    @EventSourcingHandler
    void on(MessageHeld event) {
        status = MessageStatus.HELD;
    }

    @EventSourcingHandler
    void on(MessageReleased event) {
        status = MessageStatus.ACCEPTED;
    }

    @EventSourcingHandler
    void on(MessageSubmissionAttempted event) {
        submissionAttempts = event.attempt();
        outcomeUnknown = true;
    }

    @EventSourcingHandler
    void on(MessageSubmissionNotTaken event) {
        outcomeUnknown = false;
    }

    @EventSourcingHandler
    void on(MessageSubmitted event) {
        outcomeUnknown = false;
        status = MessageStatus.SUBMITTED;
        carrierMessageId = event.carrierMessageId();
        segmentIds = event.segmentIds();
    }

    @EventSourcingHandler
    void on(SegmentReceiptRecorded event) {
        segmentOutcomes.put(event.receipt().carrierMessageId(), event.receipt().outcome());
    }

    @EventSourcingHandler
    void on(MessageSubmissionFailed event) {
        status = MessageStatus.FAILED;
    }

    @EventSourcingHandler
    void on(MessageDelivered event) {
        status = MessageStatus.DELIVERED;
        finalReceiptOutcome = event.receipt().outcome();
        segmentOutcomes.put(event.receipt().carrierMessageId(), event.receipt().outcome());
    }

    @EventSourcingHandler
    void on(MessageDeliveryFailed event) {
        status = MessageStatus.FAILED;
        finalReceiptOutcome = event.receipt().outcome();
        segmentOutcomes.put(event.receipt().carrierMessageId(), event.receipt().outcome());
    }

    @EventSourcingHandler
    void on(MessageExpired event) {
        status = MessageStatus.EXPIRED;
        finalReceiptOutcome = event.receipt() == null ? null : event.receipt().outcome();
        if (event.receipt() != null) {
            segmentOutcomes.put(event.receipt().carrierMessageId(), event.receipt().outcome());
        }
    }
}
