package io.attest.gateway.domain.brand;

public record BrandVettingFailed(BrandId brandId, String reason) implements BrandEvent {
}
