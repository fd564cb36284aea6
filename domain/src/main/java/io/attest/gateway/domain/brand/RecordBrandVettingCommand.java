package io.attest.gateway.domain.brand;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The registry's answer: identity verified or not, and the vetting trust score. */
public record RecordBrandVettingCommand(@TargetAggregateIdentifier BrandId brandId, boolean identityVerified,
                                        int trustScore, String reason) {
}
