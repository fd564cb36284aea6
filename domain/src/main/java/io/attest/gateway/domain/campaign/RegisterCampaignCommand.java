package io.attest.gateway.domain.campaign;

import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.shared.AccountId;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** @param brandTrustScore the brand's vetting score, read from the verified brand by the caller */
public record RegisterCampaignCommand(@TargetAggregateIdentifier CampaignId campaignId, AccountId accountId,
                                      BrandId brandId, int brandTrustScore, UseCase useCase, CampaignTerms terms) {
}
