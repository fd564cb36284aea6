package io.attest.gateway.domain.consent;

/** What one revocation covers: the campaign (program) it came through, or every campaign of the brand. */
public enum RevocationScope {
    CAMPAIGN, BRAND
}
