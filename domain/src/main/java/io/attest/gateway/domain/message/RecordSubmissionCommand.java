package io.attest.gateway.domain.message;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordSubmissionCommand(@TargetAggregateIdentifier MessageId messageId,
                                      CarrierMessageId carrierMessageId, String route) {

    public RecordSubmissionCommand(MessageId messageId, CarrierMessageId carrierMessageId) {
        this(messageId, carrierMessageId, null);
    }
}
