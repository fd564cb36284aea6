package io.attest.gateway.domain.message;

import io.attest.gateway.domain.compliance.ComplianceDecision;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/** The hold of a message ran out: the send policy's new decision on it, taken at {@code now}. */
public record ReevaluateHeldMessageCommand(@TargetAggregateIdentifier MessageId messageId, ComplianceDecision decision,
                                           Instant now) {
}
