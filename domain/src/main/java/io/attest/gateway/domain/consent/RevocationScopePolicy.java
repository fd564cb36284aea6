package io.attest.gateway.domain.consent;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Which scope a revocation covers, as a dated policy (rules §2). Until the FCC's "revoke-all" waiver ends
 * ({@code revokeAllFrom}, 2027-01-31 by default) a revocation covers the campaign it came through; from that
 * day on, every campaign of the brand. STOPALL / STOP ALL always covers the brand.
 */
public record RevocationScopePolicy(LocalDate revokeAllFrom) {

    public static final LocalDate FCC_WAIVER_END = LocalDate.of(2027, 1, 31);

    public static RevocationScopePolicy fccDefault() {
        return new RevocationScopePolicy(FCC_WAIVER_END);
    }

    public RevocationScope scopeOf(ReplyIntent intent, Instant at) {
        if (intent.kind() == ReplyIntent.Kind.OPT_OUT_ALL) {
            return RevocationScope.BRAND;
        }
        return at.atOffset(ZoneOffset.UTC).toLocalDate().isBefore(revokeAllFrom)
                ? RevocationScope.CAMPAIGN : RevocationScope.BRAND;
    }
}
