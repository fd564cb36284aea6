package io.attest.gateway.domain.message;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ExpireMessageCommand(@TargetAggregateIdentifier MessageId messageId, String reason) {
}
