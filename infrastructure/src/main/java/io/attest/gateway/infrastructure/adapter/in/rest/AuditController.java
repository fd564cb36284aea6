package io.attest.gateway.infrastructure.adapter.in.rest;

import io.attest.gateway.application.audit.port.in.VerifyAuditTrailQuery;
import io.attest.gateway.application.audit.port.in.VerifyAuditTrailQuery.ChainStatus;
import io.attest.gateway.infrastructure.security.AccountResolver;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v1/audit/verification}: recompute the caller's audit hash chain (scope audit:read). */
@RestController
class AuditController {

    private final VerifyAuditTrailQuery audit;
    private final AccountResolver accounts;

    AuditController(VerifyAuditTrailQuery audit, AccountResolver accounts) {
        this.audit = audit;
        this.accounts = accounts;
    }

    @GetMapping("/v1/audit/verification")
    ChainStatus verify(@AuthenticationPrincipal Jwt jwt) {
        return audit.verify(accounts.accountOf(jwt));
    }
}
