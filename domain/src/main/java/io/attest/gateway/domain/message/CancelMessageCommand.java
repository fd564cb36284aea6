package io.attest.gateway.domain.message;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** Cancel a scheduled or held message before it is released; refused once it is released or decided. */
public record CancelMessageCommand(@TargetAggregateIdentifier MessageId messageId, String reason) {
}
