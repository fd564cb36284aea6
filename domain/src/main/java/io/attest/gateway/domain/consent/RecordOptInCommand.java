package io.attest.gateway.domain.consent;

import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record RecordOptInCommand(@TargetAggregateIdentifier SubscriberConsentId consentId, AccountId accountId,
                                 BrandId brandId, PhoneNumber subscriber, CampaignId campaignId, ConsentKind kind,
                                 ConsentEvidence evidence, Instant consentedAt, String recordedBy) {
}
