package io.attest.gateway.domain.consent;

/** 47 CFR 64.1200: informational texts need prior express consent; marketing needs it in writing. */
public enum ConsentKind {
    /** Prior express consent (e.g. the subscriber gave the number for account alerts). */
    EXPRESS,
    /** Prior express written consent (PEWC): signed agreement with the disclosures of 64.1200(f)(9). */
    EXPRESS_WRITTEN;

    public boolean covers(ConsentKind required) {
        return this == EXPRESS_WRITTEN || required == EXPRESS;
    }
}
