package io.attest.gateway.application.compliance.port.in;

import io.attest.gateway.application.compliance.BrandView;
import io.attest.gateway.application.compliance.CampaignView;
import io.attest.gateway.application.compliance.NumberView;
import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.brand.EntityType;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.CampaignTerms;
import io.attest.gateway.domain.campaign.DecideCampaignCommand;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.number.NumberType;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;

/**
 * 10DLC registration: an account registers brands and campaigns and assigns its numbers; the registry's
 * and carriers' decisions (vetting, approval, toll-free verification) are recorded by the operator.
 * Reads of another account's brand, campaign or number answer "not found".
 */
public interface ComplianceRegistryUseCase {

    BrandView registerBrand(AccountId account, RegisterBrand request);

    BrandView recordVetting(BrandId brand, boolean identityVerified, int trustScore, String reason);

    BrandView brand(AccountId account, BrandId brand);

    BrandView suspendBrand(BrandId brand, String reason);

    CampaignView registerCampaign(AccountId account, RegisterCampaign request);

    CampaignView decideCampaign(CampaignId campaign, DecideCampaignCommand.Decision decision, String reason);

    CampaignView campaign(AccountId account, CampaignId campaign);

    NumberView assignNumber(AccountId account, PhoneNumber number, CampaignId campaign, NumberType type);

    NumberView releaseNumber(AccountId account, PhoneNumber number);

    NumberView verifyTollFree(PhoneNumber number);

    NumberView number(AccountId account, PhoneNumber number);

    /** Any account's brand, for the operator who records the registry's decisions. */
    java.util.Optional<BrandView> findBrand(BrandId brand);

    /** Any account's campaign, for the operator. */
    java.util.Optional<CampaignView> findCampaign(CampaignId campaign);

    /** Any account's number, for the operator. */
    java.util.Optional<NumberView> findNumber(PhoneNumber number);

    record RegisterBrand(BrandId requestedId, String legalName, String taxId, EntityType entityType, String vertical,
                         String website, String contactEmail) {
    }

    record RegisterCampaign(CampaignId requestedId, BrandId brandId, UseCase useCase, CampaignTerms terms) {
    }
}
