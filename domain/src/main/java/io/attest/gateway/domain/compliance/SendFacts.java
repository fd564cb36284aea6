package io.attest.gateway.domain.compliance;

import io.attest.gateway.domain.brand.BrandStatus;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.CampaignStatus;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.consent.ConsentState;
import io.attest.gateway.domain.number.NumberType;
import io.attest.gateway.domain.shared.PhoneNumber;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * Everything the send policy needs to know about one message, gathered by the caller.
 *
 * @param number             the sender number's assignment, or null when the number is assigned to no campaign
 * @param campaign           the campaign the message goes through, or null when unknown
 * @param consent            the recipient's consent to the campaign's brand
 * @param recipientZones     the time zones the recipient's number may be in (at least one)
 * @param marketingSentLast24Hours marketing messages of this campaign to this recipient in the last 24 hours
 * @param velocity           the account's recent messages to this recipient and its limit, or null when it has none
 */
public record SendFacts(Instant now, MessagePurpose purpose, PhoneNumber recipient, SenderNumberFacts number,
                        CampaignFacts campaign, ConsentState consent, List<ZoneId> recipientZones,
                        int marketingSentLast24Hours, RecipientVelocity velocity) {

    public SendFacts {
        recipientZones = List.copyOf(recipientZones);
    }

    /** Facts without a recipient velocity limit. */
    public SendFacts(Instant now, MessagePurpose purpose, PhoneNumber recipient, SenderNumberFacts number,
                     CampaignFacts campaign, ConsentState consent, List<ZoneId> recipientZones,
                     int marketingSentLast24Hours) {
        this(now, purpose, recipient, number, campaign, consent, recipientZones, marketingSentLast24Hours, null);
    }

    /**
     * @param limit  messages the account may send to the recipient within the window
     * @param window the window, ending now
     * @param sent   messages the account sent (or holds to send) to the recipient within it
     */
    public record RecipientVelocity(int limit, java.time.Duration window, int sent) {
    }

    public record SenderNumberFacts(CampaignId campaignId, NumberType type, boolean tollFreeVerified) {
    }

    public record CampaignFacts(CampaignId campaignId, CampaignStatus status, UseCase useCase, BrandStatus brandStatus) {
    }
}
