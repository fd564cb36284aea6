package io.attest.gateway.domain.message;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * A submitted message's receipt did not come by the end of its validity (and the SMSC, asked with query_sm, gave no
 * final state): the gateway stops waiting and the message ends {@code EXPIRED} with the reason. Answers whether it
 * did; a message that is not submitted, already final, or still within its validity at {@code now} is left as it is.
 */
public record GiveUpOnReceiptCommand(@TargetAggregateIdentifier MessageId messageId, Instant now, String reason) {
}
