package io.attest.gateway.domain.brand;

public sealed interface BrandEvent permits BrandRegistered, BrandVerified, BrandVettingFailed, BrandSuspended {

    BrandId brandId();
}
