package io.attest.gateway.domain.brand;

import io.attest.gateway.domain.shared.IllegalTransitionException;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import java.util.regex.Pattern;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A 10DLC brand: registered by the account, then vetted by the registry (identity, trust score 0-100).
 * PENDING -> VERIFIED | FAILED; VERIFIED -> SUSPENDED. Campaigns need a verified brand.
 */
public class Brand {

    private static final Pattern EIN = Pattern.compile("\\d{2}-?\\d{7}");

    @AggregateIdentifier
    private BrandId brandId;
    private BrandStatus status;

    protected Brand() {
    }

    @CommandHandler
    public Brand(RegisterBrandCommand command) {
        require(command.legalName(), "legal name");
        require(command.vertical(), "vertical");
        require(command.contactEmail(), "contact email");
        if (command.entityType() == null) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "entity type is required");
        }
        if (command.entityType() != EntityType.SOLE_PROPRIETOR
                && (command.taxId() == null || !EIN.matcher(command.taxId()).matches())) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST,
                    "a " + command.entityType() + " brand needs its EIN as the tax id (NN-NNNNNNN)");
        }
        apply(new BrandRegistered(command.brandId(), command.accountId(), command.legalName().strip(),
                command.taxId(), command.entityType(), command.vertical().strip(), command.website(),
                command.contactEmail().strip()));
    }

    @CommandHandler
    public void handle(RecordBrandVettingCommand command) {
        if (status != BrandStatus.PENDING) {
            throw new IllegalTransitionException("brand " + brandId + " is " + status + "; vetting applies to a pending brand");
        }
        if (command.trustScore() < 0 || command.trustScore() > 100) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "trust score must be 0-100");
        }
        if (command.identityVerified() && command.trustScore() > 0) {
            apply(new BrandVerified(brandId, command.trustScore()));
        } else {
            apply(new BrandVettingFailed(brandId, command.reason() == null ? "identity not verified" : command.reason()));
        }
    }

    @CommandHandler
    public void handle(SuspendBrandCommand command) {
        if (status != BrandStatus.VERIFIED) {
            throw new IllegalTransitionException("brand " + brandId + " is " + status + "; only a verified brand can be suspended");
        }
        apply(new BrandSuspended(brandId, command.reason()));
    }

    private static void require(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, what + " is required");
        }
    }

    @EventSourcingHandler
    void on(BrandRegistered event) {
        brandId = event.brandId();
        status = BrandStatus.PENDING;
    }

    @EventSourcingHandler
    void on(BrandVerified event) {
        status = BrandStatus.VERIFIED;
    }

    @EventSourcingHandler
    void on(BrandVettingFailed event) {
        status = BrandStatus.FAILED;
    }

    @EventSourcingHandler
    void on(BrandSuspended event) {
        status = BrandStatus.SUSPENDED;
    }
}
