package io.attest.gateway.application.compliance;

import io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort.Recorded;
import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.consent.ConsentEvent;
import io.attest.gateway.domain.consent.ConsentKind;
import io.attest.gateway.domain.consent.ConsentState;
import io.attest.gateway.domain.consent.OptInRecorded;
import io.attest.gateway.domain.consent.OptOutRecorded;
import io.attest.gateway.domain.shared.PhoneNumber;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** A subscriber's consent to a brand now, per campaign, and the whole history it was folded from. */
public record ConsentView(BrandId brandId, PhoneNumber subscriber, List<CampaignConsent> campaigns,
                          List<Recorded<ConsentEvent>> history) {

    public record CampaignConsent(CampaignId campaignId, ConsentKind consent, boolean optedOut) {
    }

    public static ConsentView of(BrandId brand, PhoneNumber subscriber, List<Recorded<ConsentEvent>> history) {
        ConsentState state = ConsentState.fold(history.stream().map(Recorded::event).toList());
        Set<CampaignId> campaigns = new LinkedHashSet<>();
        for (Recorded<ConsentEvent> recorded : history) {
            switch (recorded.event()) {
                case OptInRecorded e -> campaigns.add(e.campaignId());
                case OptOutRecorded e -> {
                    if (e.campaignId() != null) {
                        campaigns.add(e.campaignId());
                    }
                }
            }
        }
        return new ConsentView(brand, subscriber, campaigns.stream()
                .map(c -> new CampaignConsent(c, state.consentFor(c).orElse(null), state.isOptedOut(c)))
                .toList(), history);
    }

    public ConsentState state() {
        return ConsentState.fold(history.stream().map(Recorded::event).toList());
    }
}
