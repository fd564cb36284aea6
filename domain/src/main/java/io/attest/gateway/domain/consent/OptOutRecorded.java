package io.attest.gateway.domain.consent;

import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;

import java.time.Instant;

/**
 * The subscriber revoked consent. It takes effect at once: no later send of its scope passes.
 *
 * @param matchedRule     the rule that read the reply as a revocation (keyword:STOP, phrase:remove-me...), or
 *                        the method for API and agent revocations
 * @param subscriberWords the subscriber's own words, when the revocation was a reply
 * @param campaignId      the campaign it came through (null for a brand-wide revocation through the API)
 * @param alreadyOptedOut true when the scope was opted out already: recorded, but no second confirmation
 */
public record OptOutRecorded(SubscriberConsentId consentId, AccountId accountId, BrandId brandId, PhoneNumber subscriber,
                             OptOutMethod method, String matchedRule, String subscriberWords, RevocationScope scope,
                             CampaignId campaignId, Instant requestedAt, String recordedBy, boolean alreadyOptedOut)
        implements ConsentEvent {
}
