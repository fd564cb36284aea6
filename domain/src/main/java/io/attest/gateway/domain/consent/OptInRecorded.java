package io.attest.gateway.domain.consent;

import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;

import java.time.Instant;

/**
 * The subscriber consented to messages of one campaign (the purpose).
 *
 * @param consentedAt when the subscriber agreed (from the evidence; the event's own time is when it was recorded)
 * @param recordedBy  the actor: the API client's id, or "subscriber" for a keyword reply
 */
public record OptInRecorded(SubscriberConsentId consentId, AccountId accountId, BrandId brandId,
                            PhoneNumber subscriber, CampaignId campaignId, ConsentKind kind, ConsentEvidence evidence,
                            Instant consentedAt, String recordedBy) implements ConsentEvent {
}
