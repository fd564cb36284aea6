package io.attest.gateway.domain.message;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * The brand's carrier cap for the day is used up: hold the cleared message until the cap resets, when the send
 * policy decides on it again.
 *
 * @param until  when the cap resets
 * @param inputs what was counted, for the timeline and the audit trail
 */
public record DeferForCarrierCapCommand(@TargetAggregateIdentifier MessageId messageId, Instant until, String reason,
                                        String inputs) {
}
