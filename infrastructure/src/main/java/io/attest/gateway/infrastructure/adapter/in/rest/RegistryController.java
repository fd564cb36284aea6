package io.attest.gateway.infrastructure.adapter.in.rest;

import io.attest.gateway.application.compliance.BrandView;
import io.attest.gateway.application.compliance.CampaignView;
import io.attest.gateway.application.compliance.NumberView;
import io.attest.gateway.application.compliance.port.in.ComplianceRegistryUseCase;
import io.attest.gateway.application.compliance.port.in.ComplianceRegistryUseCase.RegisterBrand;
import io.attest.gateway.application.compliance.port.in.ComplianceRegistryUseCase.RegisterCampaign;
import io.attest.gateway.application.compliance.port.in.RegistryListQuery;
import io.attest.gateway.domain.brand.BrandStatus;
import io.attest.gateway.domain.brand.EntityType;
import io.attest.gateway.domain.campaign.CampaignStatus;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.domain.campaign.CampaignTerms;
import io.attest.gateway.domain.campaign.DecideCampaignCommand;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.number.NumberType;
import io.attest.gateway.domain.shared.PhoneNumber;
import io.attest.gateway.infrastructure.security.AccountResolver;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.List;

/**
 * 10DLC registration: {@code /v1/brands}, {@code /v1/campaigns}, {@code /v1/numbers}. Registry and carrier
 * decisions ({@code .../vetting}, {@code .../decisions}, {@code .../toll-free-verification}) need the
 * operator scope {@code registry:write}.
 */
@RestController
class RegistryController {

    private final ComplianceRegistryUseCase registry;
    private final RegistryListQuery lists;
    private final AccountResolver accounts;

    RegistryController(ComplianceRegistryUseCase registry, RegistryListQuery lists, AccountResolver accounts) {
        this.registry = registry;
        this.lists = lists;
        this.accounts = accounts;
    }

    /** The account's brands by id, optionally in one status; paged by {@code cursor} ({@code nextCursor}). */
    @GetMapping("/v1/brands")
    RegistryList<ListedBrand> brands(@AuthenticationPrincipal Jwt jwt,
                                     @RequestParam(name = "status", required = false) String status,
                                     @RequestParam(name = "cursor", required = false) String cursor,
                                     @RequestParam(name = "limit", defaultValue = "100") int limit) {
        var page = page(jwt, RegistryListQuery.Kind.BRAND, statusOf(BrandStatus.class, status), cursor, limit);
        return RegistryList.of(page.stream().map(e -> new ListedBrand(e.id(), e.name(), lower(e.status()), e.reason(),
                e.registeredAt(), e.updatedAt())).toList(), page, limit);
    }

    /** The account's campaigns by id, optionally in one status; paged by {@code cursor} ({@code nextCursor}). */
    @GetMapping("/v1/campaigns")
    RegistryList<ListedCampaign> campaigns(@AuthenticationPrincipal Jwt jwt,
                                           @RequestParam(name = "status", required = false) String status,
                                           @RequestParam(name = "cursor", required = false) String cursor,
                                           @RequestParam(name = "limit", defaultValue = "100") int limit) {
        var page = page(jwt, RegistryListQuery.Kind.CAMPAIGN, statusOf(CampaignStatus.class, status), cursor, limit);
        return RegistryList.of(page.stream().map(e -> new ListedCampaign(e.id(), e.parentId(), e.name(),
                lower(e.status()), e.reason(), e.registeredAt(), e.updatedAt())).toList(), page, limit);
    }

    /**
     * The account's numbers by number, optionally in one status: {@code serving}, {@code unverified} (toll-free, not
     * yet verified) or {@code released}; paged by {@code cursor} ({@code nextCursor}).
     */
    @GetMapping("/v1/numbers")
    RegistryList<ListedNumber> numbers(@AuthenticationPrincipal Jwt jwt,
                                       @RequestParam(name = "status", required = false) String status,
                                       @RequestParam(name = "cursor", required = false) String cursor,
                                       @RequestParam(name = "limit", defaultValue = "100") int limit) {
        var page = page(jwt, RegistryListQuery.Kind.NUMBER, statusOf(NumberListStatus.class, status), cursor, limit);
        return RegistryList.of(page.stream().map(e -> new ListedNumber(e.id(), e.parentId(), e.name(),
                lower(e.status()), e.verified(), e.registeredAt(), e.updatedAt())).toList(), page, limit);
    }

    private List<RegistryListQuery.Entry> page(Jwt jwt, RegistryListQuery.Kind kind, String status, String cursor,
                                               int limit) {
        if (limit < 1 || limit > RegistryListQuery.MAX_PAGE) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "limit is 1 to " + RegistryListQuery.MAX_PAGE);
        }
        return lists.list(accounts.accountOf(jwt), kind, status, cursor, limit);
    }

    /** A number's status in a list. */
    enum NumberListStatus { SERVING, UNVERIFIED, RELEASED }

    private static <E extends Enum<E>> String statusOf(Class<E> type, String status) {
        return status == null || status.isBlank() ? null : RequestBodies.enumValue(type, status, "status").name();
    }

    private static String lower(String status) {
        return status.toLowerCase(java.util.Locale.ROOT);
    }

    /** A page of a list; {@code nextCursor} is null on the last page. */
    record RegistryList<T>(List<T> data, String nextCursor) {
        static <T> RegistryList<T> of(List<T> data, List<RegistryListQuery.Entry> page, int limit) {
            return new RegistryList<>(data, page.size() < limit ? null : page.getLast().id());
        }
    }

    record ListedBrand(String id, String legalName, String status, String statusReason,
                       java.time.Instant registeredAt, java.time.Instant updatedAt) {
    }

    record ListedCampaign(String id, String brandId, String useCase, String status, String statusReason,
                          java.time.Instant registeredAt, java.time.Instant updatedAt) {
    }

    record ListedNumber(String number, String campaignId, String type, String status, boolean tollFreeVerified,
                        java.time.Instant assignedAt, java.time.Instant updatedAt) {
    }

    @PostMapping("/v1/brands")
    ResponseEntity<BrandResponse> registerBrand(@AuthenticationPrincipal Jwt jwt, @RequestBody BrandRequest request) {
        RequestBodies.require(request);
        RequestBodies.assignedByTheGateway(request.id());
        BrandView brand = registry.registerBrand(accounts.accountOf(jwt), new RegisterBrand(
                null, request.legalName(), request.taxId(),
                RequestBodies.enumValue(EntityType.class, request.entityType(), "entityType"), request.vertical(),
                request.website(), request.contactEmail()));
        return ResponseEntity.created(URI.create("/v1/brands/" + brand.registration().brandId()))
                .body(BrandResponse.of(brand));
    }

    @GetMapping("/v1/brands/{id}")
    BrandResponse brand(@AuthenticationPrincipal Jwt jwt, @PathVariable("id") String id) {
        return BrandResponse.of(registry.brand(accounts.accountOf(jwt), RequestBodies.brandId(id)));
    }

    @PostMapping("/v1/brands/{id}/vetting")
    BrandResponse vetting(@PathVariable("id") String id, @RequestBody VettingRequest request) {
        RequestBodies.require(request);
        return BrandResponse.of(registry.recordVetting(RequestBodies.brandId(id), request.identityVerified(),
                request.trustScore(), request.reason()));
    }

    @PostMapping("/v1/brands/{id}/suspension")
    BrandResponse suspend(@PathVariable("id") String id, @RequestBody(required = false) DecisionRequest request) {
        return BrandResponse.of(registry.suspendBrand(RequestBodies.brandId(id), request == null ? null : request.reason()));
    }

    @PostMapping("/v1/campaigns")
    ResponseEntity<CampaignResponse> registerCampaign(@AuthenticationPrincipal Jwt jwt,
                                                      @RequestBody CampaignRequest request) {
        RequestBodies.require(request);
        RequestBodies.assignedByTheGateway(request.id());
        CampaignView campaign = registry.registerCampaign(accounts.accountOf(jwt), new RegisterCampaign(
                null,
                RequestBodies.brandId(request.brandId()),
                RequestBodies.enumValue(UseCase.class, request.useCase(), "useCase"),
                new CampaignTerms(request.description(), request.sampleMessages(), request.optInFlow(),
                        request.optInText(), request.helpReply(), request.stopConfirmation(), request.messageFrequency())));
        return ResponseEntity.created(URI.create("/v1/campaigns/" + campaign.registration().campaignId()))
                .body(CampaignResponse.of(campaign));
    }

    @GetMapping("/v1/campaigns/{id}")
    CampaignResponse campaign(@AuthenticationPrincipal Jwt jwt, @PathVariable("id") String id) {
        return CampaignResponse.of(registry.campaign(accounts.accountOf(jwt), RequestBodies.campaignId(id)));
    }

    @PostMapping("/v1/campaigns/{id}/decisions")
    CampaignResponse decide(@PathVariable("id") String id, @RequestBody DecisionRequest request) {
        RequestBodies.require(request);
        return CampaignResponse.of(registry.decideCampaign(RequestBodies.campaignId(id),
                RequestBodies.enumValue(DecideCampaignCommand.Decision.class, request.decision(), "decision"),
                request.reason()));
    }

    @PutMapping("/v1/numbers/{number}")
    NumberResponse assign(@AuthenticationPrincipal Jwt jwt, @PathVariable("number") String number,
                          @RequestBody AssignRequest request) {
        RequestBodies.require(request);
        return NumberResponse.of(registry.assignNumber(accounts.accountOf(jwt), PhoneNumber.of(number),
                RequestBodies.campaignId(request.campaignId()),
                request.type() == null ? NumberType.LONG_CODE : RequestBodies.enumValue(NumberType.class, request.type(), "type")));
    }

    @DeleteMapping("/v1/numbers/{number}/campaign")
    NumberResponse release(@AuthenticationPrincipal Jwt jwt, @PathVariable("number") String number) {
        return NumberResponse.of(registry.releaseNumber(accounts.accountOf(jwt), PhoneNumber.of(number)));
    }

    @GetMapping("/v1/numbers/{number}")
    NumberResponse number(@AuthenticationPrincipal Jwt jwt, @PathVariable("number") String number) {
        return NumberResponse.of(registry.number(accounts.accountOf(jwt), PhoneNumber.of(number)));
    }

    @PostMapping("/v1/numbers/{number}/toll-free-verification")
    @org.springframework.web.bind.annotation.ResponseStatus(HttpStatus.OK)
    NumberResponse verifyTollFree(@PathVariable("number") String number) {
        return NumberResponse.of(registry.verifyTollFree(PhoneNumber.of(number)));
    }

    record BrandRequest(String id, String legalName, String taxId, String entityType, String vertical, String website,
                        String contactEmail) {
    }

    record VettingRequest(boolean identityVerified, int trustScore, String reason) {
    }

    record CampaignRequest(String id, String brandId, String useCase, String description, List<String> sampleMessages,
                           String optInFlow, String optInText, String helpReply, String stopConfirmation,
                           String messageFrequency) {
    }

    record DecisionRequest(String decision, String reason) {
    }

    record AssignRequest(String campaignId, String type) {
    }

    record BrandResponse(String id, String legalName, String taxId, String entityType, String vertical, String website,
                         String contactEmail, String status, Integer trustScore, String statusReason) {
        static BrandResponse of(BrandView view) {
            var r = view.registration();
            return new BrandResponse(r.brandId().value(), r.legalName(), r.taxId(), r.entityType().name(), r.vertical(),
                    r.website(), r.contactEmail(), view.status().name().toLowerCase(java.util.Locale.ROOT),
                    view.trustScore(), view.statusReason());
        }
    }

    record CampaignResponse(String id, String brandId, String useCase, String status, String statusReason,
                            int attMessagesPerMinute, CampaignTerms terms) {
        static CampaignResponse of(CampaignView view) {
            var r = view.registration();
            return new CampaignResponse(r.campaignId().value(), r.brandId().value(), r.useCase().name(),
                    view.status().name().toLowerCase(java.util.Locale.ROOT), view.statusReason(),
                    r.caps().attMessagesPerMinute(), r.terms());
        }
    }

    record NumberResponse(String number, String campaignId, String type, boolean tollFreeVerified) {
        static NumberResponse of(NumberView view) {
            return new NumberResponse(view.number().e164(), view.campaignId() == null ? null : view.campaignId().value(),
                    view.type().name(), view.tollFreeVerified());
        }
    }
}
