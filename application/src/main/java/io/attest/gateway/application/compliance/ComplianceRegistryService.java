package io.attest.gateway.application.compliance;

import io.attest.gateway.application.compliance.port.in.ComplianceRegistryUseCase;
import io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort;
import io.attest.gateway.application.shared.NotFoundException;
import io.attest.gateway.domain.brand.BrandEvent;
import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.brand.BrandStatus;
import io.attest.gateway.domain.brand.RecordBrandVettingCommand;
import io.attest.gateway.domain.brand.RegisterBrandCommand;
import io.attest.gateway.domain.campaign.CampaignEvent;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.DecideCampaignCommand;
import io.attest.gateway.domain.campaign.RegisterCampaignCommand;
import io.attest.gateway.domain.number.AssignNumberCommand;
import io.attest.gateway.domain.number.NumberEvent;
import io.attest.gateway.domain.number.NumberType;
import io.attest.gateway.domain.number.ReleaseNumberCommand;
import io.attest.gateway.domain.number.VerifyTollFreeNumberCommand;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.util.Optional;
import java.util.UUID;

/** Brands, campaigns and numbers: commands to their aggregates, reads folded from their histories. */
public class ComplianceRegistryService implements ComplianceRegistryUseCase {

    private final CommandGateway commands;
    private final ComplianceHistoryPort history;

    public ComplianceRegistryService(CommandGateway commands, ComplianceHistoryPort history) {
        this.commands = commands;
        this.history = history;
    }

    @Override
    public BrandView registerBrand(AccountId account, RegisterBrand request) {
        BrandId id = request.requestedId() != null ? request.requestedId()
                : BrandId.of("brand-" + UUID.randomUUID());
        if (exists(id.value())) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "brand id " + id + " is taken");
        }
        commands.sendAndWait(new RegisterBrandCommand(id, account, request.legalName(), request.taxId(),
                request.entityType(), request.vertical(), request.website(), request.contactEmail()));
        return brand(account, id);
    }

    @Override
    public BrandView recordVetting(BrandId brand, boolean identityVerified, int trustScore, String reason) {
        findBrand(brand).orElseThrow(() -> new NotFoundException("brand-not-found", "no brand " + brand));
        commands.sendAndWait(new RecordBrandVettingCommand(brand, identityVerified, trustScore, reason));
        return findBrand(brand).orElseThrow();
    }

    @Override
    public BrandView brand(AccountId account, BrandId brand) {
        return findBrand(brand).filter(view -> view.registration().accountId().equals(account))
                .orElseThrow(() -> new NotFoundException("brand-not-found", "no brand " + brand + " in this account"));
    }

    @Override
    public CampaignView registerCampaign(AccountId account, RegisterCampaign request) {
        BrandView brand = findBrand(request.brandId()).filter(b -> b.registration().accountId().equals(account))
                .orElseThrow(() -> new InvalidInputException(ErrorCode.UNKNOWN_BRAND,
                        "no brand " + request.brandId() + " in this account"));
        if (brand.status() != BrandStatus.VERIFIED) {
            throw new InvalidInputException(ErrorCode.BRAND_NOT_VERIFIED,
                    "brand " + request.brandId() + " is " + brand.status() + "; campaigns need a verified brand");
        }
        CampaignId id = request.requestedId() != null ? request.requestedId()
                : CampaignId.of("campaign-" + UUID.randomUUID());
        if (exists(id.value())) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "campaign id " + id + " is taken");
        }
        commands.sendAndWait(new RegisterCampaignCommand(id, account, request.brandId(), brand.trustScore(),
                request.useCase(), request.terms()));
        return campaign(account, id);
    }

    @Override
    public CampaignView decideCampaign(CampaignId campaign, DecideCampaignCommand.Decision decision, String reason) {
        findCampaign(campaign).orElseThrow(() -> new NotFoundException("campaign-not-found", "no campaign " + campaign));
        commands.sendAndWait(new DecideCampaignCommand(campaign, decision, reason));
        return findCampaign(campaign).orElseThrow();
    }

    @Override
    public CampaignView campaign(AccountId account, CampaignId campaign) {
        return findCampaign(campaign).filter(view -> view.registration().accountId().equals(account))
                .orElseThrow(() -> new NotFoundException("campaign-not-found",
                        "no campaign " + campaign + " in this account"));
    }

    @Override
    public NumberView assignNumber(AccountId account, PhoneNumber number, CampaignId campaign, NumberType type) {
        findCampaign(campaign).filter(view -> view.registration().accountId().equals(account))
                .orElseThrow(() -> new InvalidInputException(ErrorCode.UNKNOWN_CAMPAIGN,
                        "no campaign " + campaign + " in this account"));
        commands.sendAndWait(new AssignNumberCommand(number, account, campaign, type == null ? NumberType.LONG_CODE : type));
        return number(account, number);
    }

    @Override
    public NumberView releaseNumber(AccountId account, PhoneNumber number) {
        number(account, number);
        commands.sendAndWait(new ReleaseNumberCommand(number, account));
        return number(account, number);
    }

    @Override
    public NumberView verifyTollFree(PhoneNumber number) {
        findNumber(number).orElseThrow(() -> new NotFoundException("number-not-found", "no number " + number));
        commands.sendAndWait(new VerifyTollFreeNumberCommand(number));
        return findNumber(number).orElseThrow();
    }

    @Override
    public NumberView number(AccountId account, PhoneNumber number) {
        return findNumber(number).filter(view -> view.accountId().equals(account))
                .orElseThrow(() -> new NotFoundException("number-not-found", "no number " + number + " in this account"));
    }

    /** Whether any aggregate has this identifier: brand and campaign ids share the event store's id space. */
    private boolean exists(String aggregateId) {
        return !history.history(aggregateId, Object.class).isEmpty();
    }

    @Override
    public BrandView suspendBrand(BrandId brand, String reason) {
        findBrand(brand).orElseThrow(() -> new NotFoundException("brand-not-found", "no brand " + brand));
        commands.sendAndWait(new io.attest.gateway.domain.brand.SuspendBrandCommand(brand, reason));
        return findBrand(brand).orElseThrow();
    }

    @Override
    public Optional<BrandView> findBrand(BrandId brand) {
        return BrandView.of(history.history(brand.value(), BrandEvent.class));
    }

    @Override
    public Optional<CampaignView> findCampaign(CampaignId campaign) {
        return CampaignView.of(history.history(campaign.value(), CampaignEvent.class));
    }

    @Override
    public Optional<NumberView> findNumber(PhoneNumber number) {
        return NumberView.of(history.history(number.e164(), NumberEvent.class));
    }
}
