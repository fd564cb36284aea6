package io.attest.gateway.domain.message;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Asks whether the message waits for a submit: cleared or released, and not yet submitted or finished. Changes
 * nothing; lets the dispatcher pace and count only messages that will go.
 */
public record CheckAwaitingSubmissionCommand(@TargetAggregateIdentifier MessageId messageId) {
}
