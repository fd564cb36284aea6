package io.attest.gateway.domain.message;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RecordDeliveryReceiptCommand(@TargetAggregateIdentifier MessageId messageId, DeliveryReceipt receipt) {
}
