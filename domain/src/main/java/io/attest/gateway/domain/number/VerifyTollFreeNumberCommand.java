package io.attest.gateway.domain.number;

import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record VerifyTollFreeNumberCommand(@TargetAggregateIdentifier PhoneNumber number) {
}
