package io.attest.gateway.infrastructure.adapter.in.rest;

import io.attest.gateway.application.compliance.ConsentView;
import io.attest.gateway.application.compliance.port.in.ManageConsentUseCase;
import io.attest.gateway.domain.consent.ConsentChannel;
import io.attest.gateway.domain.consent.ConsentEvidence;
import io.attest.gateway.domain.consent.ConsentKind;
import io.attest.gateway.domain.consent.OptInRecorded;
import io.attest.gateway.domain.consent.OptOutMethod;
import io.attest.gateway.domain.consent.OptOutRecorded;
import io.attest.gateway.domain.consent.RevocationScope;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.domain.shared.PhoneNumber;
import io.attest.gateway.infrastructure.security.AccountResolver;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** {@code /v1/consents}: record opt-ins with their evidence and opt-outs; read a subscriber's consent. */
@RestController
class ConsentController {

    private final ManageConsentUseCase consents;
    private final AccountResolver accounts;

    ConsentController(ManageConsentUseCase consents, AccountResolver accounts) {
        this.consents = consents;
        this.accounts = accounts;
    }

    @PostMapping("/v1/consents/opt-ins")
    @ResponseStatus(HttpStatus.CREATED)
    ConsentResponse optIn(@AuthenticationPrincipal Jwt jwt, @RequestBody OptInRequest request) {
        RequestBodies.require(request);
        if (request.evidence() == null) {
            throw new InvalidInputException(ErrorCode.INVALID_CONSENT, "evidence is required");
        }
        EvidenceBody e = request.evidence();
        ConsentEvidence evidence = ConsentEvidence.of(
                RequestBodies.enumValue(ConsentChannel.class, e.channel(), "evidence.channel"), e.disclosureShown(),
                e.consentGiven(), e.sourceReference(), e.ipAddress(), e.userAgent(), e.subscriberName());
        return ConsentResponse.of(consents.optIn(accounts.accountOf(jwt), jwt.getSubject(), new ManageConsentUseCase.OptIn(
                RequestBodies.brandId(request.brandId()), subscriber(request.subscriber()),
                RequestBodies.campaignId(request.campaignId()),
                RequestBodies.enumValue(ConsentKind.class, request.kind(), "kind"), evidence, request.consentedAt(),
                request.sendConfirmation())));
    }

    @PostMapping("/v1/consents/opt-outs")
    ConsentResponse optOut(@AuthenticationPrincipal Jwt jwt, @RequestBody OptOutRequest request) {
        RequestBodies.require(request);
        RevocationScope scope = request.scope() == null ? RevocationScope.BRAND
                : RequestBodies.enumValue(RevocationScope.class, request.scope(), "scope");
        OptOutMethod method = request.method() == null ? OptOutMethod.API
                : RequestBodies.enumValue(OptOutMethod.class, request.method(), "method");
        if (request.words() != null && request.words().indexOf('\u0000') >= 0) {
            throw new InvalidInputException(ErrorCode.INVALID_CONSENT, "words must not contain a NUL character (U+0000)");
        }
        if (scope == RevocationScope.CAMPAIGN && request.campaignId() == null) {
            throw new InvalidInputException(ErrorCode.INVALID_CONSENT, "a CAMPAIGN-scoped opt-out names its campaignId");
        }
        return ConsentResponse.of(consents.optOut(accounts.accountOf(jwt), jwt.getSubject(), new ManageConsentUseCase.OptOut(
                RequestBodies.brandId(request.brandId()), subscriber(request.subscriber()),
                request.campaignId() == null ? null : RequestBodies.campaignId(request.campaignId()), scope, method,
                request.words())));
    }

    @GetMapping("/v1/consents/{brandId}/{subscriber}")
    ConsentResponse consent(@AuthenticationPrincipal Jwt jwt, @PathVariable("brandId") String brandId,
                            @PathVariable("subscriber") String subscriber) {
        return ConsentResponse.of(consents.consent(accounts.accountOf(jwt), RequestBodies.brandId(brandId),
                subscriber(subscriber)));
    }

    private static PhoneNumber subscriber(String value) {
        return PhoneNumber.of(value);
    }

    record EvidenceBody(String channel, String disclosureShown, String consentGiven, String sourceReference,
                        String ipAddress, String userAgent, String subscriberName) {
    }

    record OptInRequest(String brandId, String subscriber, String campaignId, String kind, Instant consentedAt,
                        EvidenceBody evidence, Boolean sendConfirmation) {
    }

    record OptOutRequest(String brandId, String subscriber, String campaignId, String scope, String method,
                         String words) {
    }

    record CampaignState(String campaignId, String consent, boolean optedOut) {
    }

    /** @param consentedAt for an opt-in, when the subscriber agreed; @param requestedAt for an opt-out, when asked */
    record HistoryEntry(long sequence, Instant recordedAt, String type, String campaignId, String kind, String method,
                        String matchedRule, String scope, String subscriberWords, boolean alreadyOptedOut,
                        Instant consentedAt, Instant requestedAt, String recordedBy, ConsentEvidence evidence) {
    }

    record ConsentResponse(String brandId, String subscriber, List<CampaignState> campaigns, List<HistoryEntry> history) {
        static ConsentResponse of(ConsentView view) {
            return new ConsentResponse(view.brandId().value(), view.subscriber().e164(),
                    view.campaigns().stream().map(c -> new CampaignState(c.campaignId().value(),
                            c.consent() == null ? null : c.consent().name(), c.optedOut())).toList(),
                    view.history().stream().map(recorded -> switch (recorded.event()) {
                        case OptInRecorded e -> new HistoryEntry(recorded.sequence(), recorded.at(), "opt-in",
                                e.campaignId().value(), e.kind().name(), null, null, null, null, false, e.consentedAt(),
                                null, e.recordedBy(), e.evidence());
                        case OptOutRecorded e -> new HistoryEntry(recorded.sequence(), recorded.at(), "opt-out",
                                e.campaignId() == null ? null : e.campaignId().value(), null,
                                e.method().name(), e.matchedRule(), e.scope().name().toLowerCase(Locale.ROOT),
                                e.subscriberWords(), e.alreadyOptedOut(), null, e.requestedAt(), e.recordedBy(), null);
                    }).toList());
        }
    }
}
