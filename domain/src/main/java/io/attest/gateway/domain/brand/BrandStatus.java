package io.attest.gateway.domain.brand;

public enum BrandStatus {
    PENDING, VERIFIED, FAILED, SUSPENDED
}
