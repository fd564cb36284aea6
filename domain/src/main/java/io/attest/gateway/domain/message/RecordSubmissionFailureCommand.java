package io.attest.gateway.domain.message;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordSubmissionFailureCommand(@TargetAggregateIdentifier MessageId messageId, String errorCode,
                                             String reason) {
}
