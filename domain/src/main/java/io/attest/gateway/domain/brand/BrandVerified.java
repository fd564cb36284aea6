package io.attest.gateway.domain.brand;

/** Identity verified; the vetting trust score (1-100) sets the carriers' throughput for its campaigns. */
public record BrandVerified(BrandId brandId, int trustScore) implements BrandEvent {
}
