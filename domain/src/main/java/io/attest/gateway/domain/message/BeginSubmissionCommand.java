package io.attest.gateway.domain.message;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks to hand the message to a carrier. Answers {@code true} and records the attempt when the message is
 * still waiting to be submitted; answers {@code false} and records nothing when it was submitted already or
 * is finished, so a redelivered dispatch never sends a message twice once its submission is recorded. A
 * message whose validity ended at {@code now} expires instead: it is never submitted late.
 */
public record BeginSubmissionCommand(@TargetAggregateIdentifier MessageId messageId, java.time.Instant now,
                                     UnknownOutcomePolicy unknownOutcome) {

    /** @param unknownOutcome what to do when the last attempt's outcome is unknown; null for {@code RESUBMIT} */
    public BeginSubmissionCommand {
        unknownOutcome = unknownOutcome == null ? UnknownOutcomePolicy.RESUBMIT : unknownOutcome;
    }

    public BeginSubmissionCommand(MessageId messageId, java.time.Instant now) {
        this(messageId, now, UnknownOutcomePolicy.RESUBMIT);
    }
}
