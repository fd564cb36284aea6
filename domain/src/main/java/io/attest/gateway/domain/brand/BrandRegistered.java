package io.attest.gateway.domain.brand;

import io.attest.gateway.domain.shared.AccountId;

public record BrandRegistered(BrandId brandId, AccountId accountId, String legalName, String taxId,
                              EntityType entityType, String vertical, String website, String contactEmail)
        implements BrandEvent {
}
