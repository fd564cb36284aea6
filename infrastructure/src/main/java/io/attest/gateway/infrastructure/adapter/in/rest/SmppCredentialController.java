package io.attest.gateway.infrastructure.adapter.in.rest;

import io.attest.gateway.application.smppclient.port.in.ManageSmppCredentialsUseCase;
import io.attest.gateway.application.smppclient.port.in.ManageSmppCredentialsUseCase.Credential;
import io.attest.gateway.application.smppclient.port.in.ManageSmppCredentialsUseCase.CredentialSettings;
import io.attest.gateway.infrastructure.security.AccountResolver;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * {@code /v1/smpp-credentials}: the system_ids and passwords the account's SMPP clients bind with. The password is in
 * the answer to its creation only. Another account's credential is a 404. The operator manages any account's under
 * {@code /v1/operations/accounts/{account}/smpp-credentials}.
 */
@RestController
class SmppCredentialController {

    private final ManageSmppCredentialsUseCase credentials;
    private final AccountResolver accounts;

    SmppCredentialController(ManageSmppCredentialsUseCase credentials, AccountResolver accounts) {
        this.credentials = credentials;
        this.accounts = accounts;
    }

    @PostMapping("/v1/smpp-credentials")
    ResponseEntity<CredentialResponse> create(@AuthenticationPrincipal Jwt jwt,
                                              @RequestBody(required = false) CredentialRequest request) {
        CredentialSettings settings = request == null ? null : new CredentialSettings(request.description(),
                request.allowedAddresses(), request.maxBinds(), request.window(), request.submitsPerSecond(),
                request.gsm7Packed());
        var issued = credentials.issue(accounts.accountOf(jwt), settings);
        return ResponseEntity.created(URI.create("/v1/smpp-credentials/" + issued.credential().systemId()))
                .body(response(issued.credential(), issued.password()));
    }

    @GetMapping("/v1/smpp-credentials")
    CredentialList list(@AuthenticationPrincipal Jwt jwt) {
        return new CredentialList(credentials.credentials(accounts.accountOf(jwt)).stream()
                .map(c -> response(c, null)).toList());
    }

    @GetMapping("/v1/smpp-credentials/{systemId}")
    CredentialResponse get(@AuthenticationPrincipal Jwt jwt, @PathVariable("systemId") String systemId) {
        return response(credentials.credential(accounts.accountOf(jwt), systemId), null);
    }

    @DeleteMapping("/v1/smpp-credentials/{systemId}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt jwt, @PathVariable("systemId") String systemId) {
        credentials.revoke(accounts.accountOf(jwt), systemId);
        return ResponseEntity.noContent().build();
    }

    /** The platform team issues a credential for any account (scope {@code operations}), as at onboarding. */
    @PostMapping("/v1/operations/accounts/{account}/smpp-credentials")
    ResponseEntity<CredentialResponse> createFor(@PathVariable("account") String account,
                                                 @RequestBody(required = false) CredentialRequest request) {
        CredentialSettings settings = request == null ? null : new CredentialSettings(request.description(),
                request.allowedAddresses(), request.maxBinds(), request.window(), request.submitsPerSecond(),
                request.gsm7Packed());
        var issued = credentials.issue(accountOf(account), settings);
        return ResponseEntity.created(URI.create("/v1/operations/accounts/" + account + "/smpp-credentials/"
                + issued.credential().systemId())).body(response(issued.credential(), issued.password()));
    }

    @GetMapping("/v1/operations/accounts/{account}/smpp-credentials")
    CredentialList listFor(@PathVariable("account") String account) {
        return new CredentialList(credentials.credentials(accountOf(account)).stream().map(c -> response(c, null)).toList());
    }

    @DeleteMapping("/v1/operations/accounts/{account}/smpp-credentials/{systemId}")
    ResponseEntity<Void> deleteFor(@PathVariable("account") String account, @PathVariable("systemId") String systemId) {
        credentials.revoke(accountOf(account), systemId);
        return ResponseEntity.noContent().build();
    }

    private static io.attest.gateway.domain.shared.AccountId accountOf(String account) {
        try {
            return io.attest.gateway.domain.shared.AccountId.of(account);
        } catch (IllegalArgumentException e) {
            throw new io.attest.gateway.domain.shared.InvalidInputException(
                    io.attest.gateway.domain.shared.ErrorCode.INVALID_REQUEST, e.getMessage());
        }
    }

    private static CredentialResponse response(Credential c, String password) {
        return new CredentialResponse(c.systemId(), password, c.description(), c.allowedAddresses(), c.maxBinds(),
                c.window(), c.submitsPerSecond(), c.gsm7Packed(), c.createdAt());
    }

    /** Every member may be left out: no description, any address, 2 binds, a window of 10, no rate limit, unpacked. */
    record CredentialRequest(String description, List<String> allowedAddresses, Integer maxBinds, Integer window,
                             Integer submitsPerSecond, Boolean gsm7Packed) {
    }

    /** @param password only in the answer to the creation: it is not kept, and cannot be shown again */
    record CredentialResponse(String systemId,
                              @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                              String password, String description, List<String> allowedAddresses, int maxBinds,
                              int window, int submitsPerSecond, boolean gsm7Packed, Instant createdAt) {
    }

    record CredentialList(List<CredentialResponse> credentials) {
    }
}
