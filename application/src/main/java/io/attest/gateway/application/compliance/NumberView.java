package io.attest.gateway.application.compliance;

import io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort.Recorded;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.number.NumberAssigned;
import io.attest.gateway.domain.number.NumberEvent;
import io.attest.gateway.domain.number.NumberReleased;
import io.attest.gateway.domain.number.NumberType;
import io.attest.gateway.domain.number.TollFreeNumberVerified;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;

import java.util.List;
import java.util.Optional;

/** A sender number as its history tells it; {@code campaignId} is null while it serves no campaign. */
public record NumberView(PhoneNumber number, AccountId accountId, CampaignId campaignId, NumberType type,
                         boolean tollFreeVerified) {

    public static Optional<NumberView> of(List<Recorded<NumberEvent>> history) {
        NumberView view = null;
        for (Recorded<NumberEvent> recorded : history) {
            view = switch (recorded.event()) {
                case NumberAssigned e -> new NumberView(e.number(), e.accountId(), e.campaignId(), e.type(),
                        view != null && view.tollFreeVerified());
                case NumberReleased e -> new NumberView(view.number(), view.accountId(), null, view.type(),
                        view.tollFreeVerified());
                case TollFreeNumberVerified e -> new NumberView(view.number(), view.accountId(), view.campaignId(),
                        view.type(), true);
            };
        }
        return Optional.ofNullable(view);
    }
}
