package io.attest.gateway.domain.consent;

import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

public record RecordOptOutCommand(@TargetAggregateIdentifier SubscriberConsentId consentId, AccountId accountId,
                                  BrandId brandId, PhoneNumber subscriber, OptOutMethod method, String matchedRule,
                                  String subscriberWords, RevocationScope scope, CampaignId campaignId,
                                  Instant requestedAt, String recordedBy) {
}
