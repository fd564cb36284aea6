package io.attest.gateway.domain.campaign;

import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.shared.AccountId;

public record CampaignRegistered(CampaignId campaignId, AccountId accountId, BrandId brandId, UseCase useCase,
                                 CampaignTerms terms, CarrierCaps caps) implements CampaignEvent {
}
