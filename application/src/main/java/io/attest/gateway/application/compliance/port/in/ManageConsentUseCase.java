package io.attest.gateway.application.compliance.port.in;

import io.attest.gateway.application.compliance.ConsentView;
import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.consent.ConsentEvidence;
import io.attest.gateway.domain.consent.ConsentKind;
import io.attest.gateway.domain.consent.OptOutMethod;
import io.attest.gateway.domain.consent.RevocationScope;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;

import java.time.Instant;

/** Subscriber consent kept by the gateway with its evidence: record opt-ins and opt-outs, read them back. */
public interface ManageConsentUseCase {

    ConsentView optIn(AccountId account, String actor, OptIn request);

    ConsentView optOut(AccountId account, String actor, OptOut request);

    ConsentView consent(AccountId account, BrandId brand, PhoneNumber subscriber);

    /**
     * @param sendConfirmation whether the gateway texts the campaign's opt-in confirmation (its opt-in text,
     *                         with opt-out instructions) from one of the campaign's numbers; null: yes for
     *                         recurring marketing programs (CTIA), no otherwise
     */
    record OptIn(BrandId brandId, PhoneNumber subscriber, CampaignId campaignId, ConsentKind kind,
                 ConsentEvidence evidence, Instant consentedAt, Boolean sendConfirmation) {

        public OptIn(BrandId brandId, PhoneNumber subscriber, CampaignId campaignId, ConsentKind kind,
                     ConsentEvidence evidence, Instant consentedAt) {
            this(brandId, subscriber, campaignId, kind, evidence, consentedAt, null);
        }
    }

    /** @param campaignId the campaign revoked; null with scope BRAND */
    record OptOut(BrandId brandId, PhoneNumber subscriber, CampaignId campaignId, RevocationScope scope,
                  OptOutMethod method, String words) {
    }
}
