package io.attest.gateway.application.compliance;

import io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort.Recorded;
import io.attest.gateway.domain.campaign.CampaignActivated;
import io.attest.gateway.domain.campaign.CampaignEvent;
import io.attest.gateway.domain.campaign.CampaignExpired;
import io.attest.gateway.domain.campaign.CampaignRegistered;
import io.attest.gateway.domain.campaign.CampaignRejected;
import io.attest.gateway.domain.campaign.CampaignStatus;
import io.attest.gateway.domain.campaign.CampaignSuspended;

import java.util.List;
import java.util.Optional;

/** A campaign as its history tells it. */
public record CampaignView(CampaignRegistered registration, CampaignStatus status, String statusReason) {

    public static Optional<CampaignView> of(List<Recorded<CampaignEvent>> history) {
        CampaignView view = null;
        for (Recorded<CampaignEvent> recorded : history) {
            view = switch (recorded.event()) {
                case CampaignRegistered e -> new CampaignView(e, CampaignStatus.PENDING, null);
                case CampaignActivated e -> new CampaignView(view.registration(), CampaignStatus.ACTIVE, null);
                case CampaignRejected e -> new CampaignView(view.registration(), CampaignStatus.REJECTED, e.reason());
                case CampaignSuspended e -> new CampaignView(view.registration(), CampaignStatus.SUSPENDED, e.reason());
                case CampaignExpired e -> new CampaignView(view.registration(), CampaignStatus.EXPIRED, null);
            };
        }
        return Optional.ofNullable(view);
    }
}
