package io.attest.gateway.domain.message;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordSubmissionCommand(@TargetAggregateIdentifier MessageId messageId,
                                      CarrierMessageId carrierMessageId, String route,
                                      java.util.List<CarrierMessageId> segmentIds) {

    public RecordSubmissionCommand {
        segmentIds = segmentIds == null ? java.util.List.of() : java.util.List.copyOf(segmentIds);
    }

    public RecordSubmissionCommand(MessageId messageId, CarrierMessageId carrierMessageId, String route) {
        this(messageId, carrierMessageId, route, null);
    }

    public RecordSubmissionCommand(MessageId messageId, CarrierMessageId carrierMessageId) {
        this(messageId, carrierMessageId, null, null);
    }
}
