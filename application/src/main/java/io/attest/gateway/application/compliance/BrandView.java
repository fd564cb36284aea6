package io.attest.gateway.application.compliance;

import io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort.Recorded;
import io.attest.gateway.domain.brand.BrandEvent;
import io.attest.gateway.domain.brand.BrandRegistered;
import io.attest.gateway.domain.brand.BrandStatus;
import io.attest.gateway.domain.brand.BrandSuspended;
import io.attest.gateway.domain.brand.BrandVerified;
import io.attest.gateway.domain.brand.BrandVettingFailed;

import java.util.List;
import java.util.Optional;

/** A brand as its history tells it. */
public record BrandView(BrandRegistered registration, BrandStatus status, Integer trustScore, String statusReason) {

    public static Optional<BrandView> of(List<Recorded<BrandEvent>> history) {
        BrandView view = null;
        for (Recorded<BrandEvent> recorded : history) {
            view = switch (recorded.event()) {
                case BrandRegistered e -> new BrandView(e, BrandStatus.PENDING, null, null);
                case BrandVerified e -> new BrandView(view.registration(), BrandStatus.VERIFIED, e.trustScore(), null);
                case BrandVettingFailed e -> new BrandView(view.registration(), BrandStatus.FAILED, null, e.reason());
                case BrandSuspended e -> new BrandView(view.registration(), BrandStatus.SUSPENDED, view.trustScore(), e.reason());
            };
        }
        return Optional.ofNullable(view);
    }
}
