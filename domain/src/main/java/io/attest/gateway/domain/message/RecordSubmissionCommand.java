package io.attest.gateway.domain.message;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordSubmissionCommand(@TargetAggregateIdentifier MessageId messageId,
                                      CarrierMessageId carrierMessageId) {
}
