package io.attest.gateway.domain.brand;

import io.attest.gateway.domain.shared.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RegisterBrandCommand(@TargetAggregateIdentifier BrandId brandId, AccountId accountId, String legalName,
                                   String taxId, EntityType entityType, String vertical, String website,
                                   String contactEmail) {
}
