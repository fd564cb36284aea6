package io.attest.gateway.domain.message;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The carrier did not take the message on the attempt just begun: nothing was handed over. */
public record RecordSubmissionNotTakenCommand(@TargetAggregateIdentifier MessageId messageId, String reason) {
}
