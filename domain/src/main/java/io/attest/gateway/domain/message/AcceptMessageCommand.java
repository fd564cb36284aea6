package io.attest.gateway.domain.message;

import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record AcceptMessageCommand(@TargetAggregateIdentifier MessageId messageId, AccountId accountId,
                                   PhoneNumber from, PhoneNumber to, MessageContent content) {
}
