package io.attest.gateway.domain.brand;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record SuspendBrandCommand(@TargetAggregateIdentifier BrandId brandId, String reason) {
}
