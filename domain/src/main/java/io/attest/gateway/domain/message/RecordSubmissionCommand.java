package io.attest.gateway.domain.message;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * @param connection the carrier connection that took the message; null when not known
 * @param rateCard   the rate card in force now, which prices the submission; null to record it unpriced
 */
public record RecordSubmissionCommand(@TargetAggregateIdentifier MessageId messageId,
                                      CarrierMessageId carrierMessageId, String route,
                                      java.util.List<CarrierMessageId> segmentIds, String connection,
                                      io.attest.gateway.domain.cost.RateCard rateCard) {

    public RecordSubmissionCommand {
        segmentIds = segmentIds == null ? java.util.List.of() : java.util.List.copyOf(segmentIds);
    }

    public RecordSubmissionCommand(MessageId messageId, CarrierMessageId carrierMessageId, String route,
                                   java.util.List<CarrierMessageId> segmentIds) {
        this(messageId, carrierMessageId, route, segmentIds, null, null);
    }

    public RecordSubmissionCommand(MessageId messageId, CarrierMessageId carrierMessageId, String route) {
        this(messageId, carrierMessageId, route, null, null, null);
    }

    public RecordSubmissionCommand(MessageId messageId, CarrierMessageId carrierMessageId) {
        this(messageId, carrierMessageId, null, null, null, null);
    }
}
