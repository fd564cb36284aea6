package io.attest.gateway.infrastructure.adapter.in.rest;

import io.attest.gateway.application.email.port.in.ManageEmailGatewayUseCase;
import io.attest.gateway.application.email.port.in.ManageEmailGatewayUseCase.Settings;
import io.attest.gateway.infrastructure.security.AccountResolver;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * Email to SMS for an account (docs/email.md): {@code /v1/email-gateway} (which numbers, which senders, replies and
 * receipts by email) and {@code /v1/email-gateway/credentials} (SMTP logins; a password is shown once). Scopes
 * {@code email:write}, and {@code email:read} to read.
 */
@RestController
class EmailGatewayController {

    private final ManageEmailGatewayUseCase email;
    private final AccountResolver accounts;
    private final String domain;

    EmailGatewayController(ManageEmailGatewayUseCase email, AccountResolver accounts,
                           @Value("${gateway.email.domain:sms.localhost}") String domain) {
        this.email = email;
        this.accounts = accounts;
        this.domain = domain;
    }

    @GetMapping("/v1/email-gateway")
    SettingsResponse settings(@AuthenticationPrincipal Jwt jwt) {
        return SettingsResponse.of(email.settings(accounts.accountOf(jwt)), domain);
    }

    @PutMapping("/v1/email-gateway")
    SettingsResponse configure(@AuthenticationPrincipal Jwt jwt, @RequestBody SettingsRequest request) {
        RequestBodies.require(request);
        return SettingsResponse.of(email.configure(accounts.accountOf(jwt), new Settings(
                request.enabled() == null || request.enabled(), request.numbers(), request.allowedSenders(),
                Boolean.TRUE.equals(request.repliesByEmail()), Boolean.TRUE.equals(request.receiptsByEmail()))),
                domain);
    }

    @PostMapping("/v1/email-gateway/credentials")
    ResponseEntity<IssuedResponse> issue(@AuthenticationPrincipal Jwt jwt,
                                         @RequestBody(required = false) CredentialRequest request) {
        var issued = email.issueCredential(accounts.accountOf(jwt), request == null ? null : request.description());
        return ResponseEntity.created(URI.create("/v1/email-gateway/credentials/" + issued.credential().username()))
                .body(new IssuedResponse(issued.credential().username(), issued.password(),
                        issued.credential().description(), issued.credential().createdAt()));
    }

    @GetMapping("/v1/email-gateway/credentials")
    List<CredentialResponse> credentials(@AuthenticationPrincipal Jwt jwt) {
        return email.credentials(accounts.accountOf(jwt)).stream()
                .map(c -> new CredentialResponse(c.username(), c.description(), c.createdAt())).toList();
    }

    @DeleteMapping("/v1/email-gateway/credentials/{username}")
    ResponseEntity<Void> revoke(@AuthenticationPrincipal Jwt jwt, @PathVariable("username") String username) {
        email.revokeCredential(accounts.accountOf(jwt), username);
        return ResponseEntity.noContent().build();
    }

    record SettingsRequest(Boolean enabled, List<String> numbers, List<String> allowedSenders, Boolean repliesByEmail,
                           Boolean receiptsByEmail) {
    }

    record SettingsResponse(boolean enabled, List<String> numbers, List<String> allowedSenders, boolean repliesByEmail,
                            boolean receiptsByEmail, String recipientAddress) {
        static SettingsResponse of(Settings settings, String domain) {
            return new SettingsResponse(settings.enabled(), settings.numbers(), settings.allowedSenders(),
                    settings.repliesByEmail(), settings.receiptsByEmail(), "<E.164 number>@" + domain);
        }
    }

    record CredentialRequest(String description) {
    }

    record IssuedResponse(String username, String password, String description, Instant createdAt) {
    }

    record CredentialResponse(String username, String description, Instant createdAt) {
    }
}
