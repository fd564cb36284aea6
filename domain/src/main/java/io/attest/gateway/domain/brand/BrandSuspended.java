package io.attest.gateway.domain.brand;

public record BrandSuspended(BrandId brandId, String reason) implements BrandEvent {
}
