package io.attest.gateway.domain.consent;

import io.attest.gateway.domain.campaign.CampaignId;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A subscriber's current consent to one brand, folded from its history. The aggregate and the read side
 * use this same fold, so what blocks a send is exactly what the ledger shows.
 */
public final class ConsentState {

    private final Map<CampaignId, ConsentKind> consents = new HashMap<>();
    private final Set<CampaignId> optedOutCampaigns = new HashSet<>();
    private final Set<CampaignId> reinstatedAfterBrandOptOut = new HashSet<>();
    private boolean optedOutOfBrand;

    public static ConsentState fold(Iterable<? extends ConsentEvent> history) {
        ConsentState state = new ConsentState();
        history.forEach(state::apply);
        return state;
    }

    public void apply(ConsentEvent event) {
        switch (event) {
            case OptInRecorded optIn -> {
                consents.merge(optIn.campaignId(), optIn.kind(),
                        (old, now) -> old == ConsentKind.EXPRESS_WRITTEN ? old : now);
                optedOutCampaigns.remove(optIn.campaignId());
                if (optedOutOfBrand) {
                    reinstatedAfterBrandOptOut.add(optIn.campaignId());
                }
            }
            case OptOutRecorded optOut -> {
                if (optOut.scope() == RevocationScope.BRAND || optOut.campaignId() == null) {
                    optedOutOfBrand = true;
                    reinstatedAfterBrandOptOut.clear();
                    consents.clear();
                } else {
                    optedOutCampaigns.add(optOut.campaignId());
                    reinstatedAfterBrandOptOut.remove(optOut.campaignId());
                    consents.remove(optOut.campaignId());
                }
            }
        }
    }

    /** Whether the subscriber revoked consent to this campaign (directly or for the whole brand). */
    public boolean isOptedOut(CampaignId campaign) {
        return optedOutCampaigns.contains(campaign)
                || (optedOutOfBrand && !reinstatedAfterBrandOptOut.contains(campaign));
    }

    /** The consent in force for this campaign, if any. */
    public Optional<ConsentKind> consentFor(CampaignId campaign) {
        return isOptedOut(campaign) ? Optional.empty() : Optional.ofNullable(consents.get(campaign));
    }

    /** Whether a revocation of this scope would change anything. */
    public boolean wouldChange(RevocationScope scope, CampaignId campaign) {
        return scope == RevocationScope.BRAND || campaign == null
                ? !optedOutOfBrand || !reinstatedAfterBrandOptOut.isEmpty()
                : !isOptedOut(campaign);
    }
}
