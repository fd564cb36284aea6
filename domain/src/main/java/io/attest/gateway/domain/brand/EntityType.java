package io.attest.gateway.domain.brand;

/** The Campaign Registry's brand entity types. */
public enum EntityType {
    PRIVATE_PROFIT, PUBLIC_PROFIT, NON_PROFIT, GOVERNMENT, SOLE_PROPRIETOR
}
