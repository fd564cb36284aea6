package io.attest.gateway.domain.campaign;

import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.IllegalTransitionException;
import io.attest.gateway.domain.shared.InvalidInputException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A 10DLC campaign of a verified brand. PENDING -> ACTIVE | REJECTED; ACTIVE -> SUSPENDED | EXPIRED;
 * SUSPENDED -> ACTIVE (approved again) | EXPIRED. Only an ACTIVE campaign's numbers may send.
 */
public class Campaign {

    @AggregateIdentifier
    private CampaignId campaignId;
    private CampaignStatus status;

    protected Campaign() {
    }

    @CommandHandler
    public Campaign(RegisterCampaignCommand command) {
        if (command.useCase() == null) {
            throw new InvalidInputException(ErrorCode.INVALID_CAMPAIGN, "use case is required");
        }
        if (command.terms() == null) {
            throw new InvalidInputException(ErrorCode.INVALID_CAMPAIGN, "campaign terms are required");
        }
        apply(new CampaignRegistered(command.campaignId(), command.accountId(), command.brandId(), command.useCase(),
                command.terms(), CarrierCaps.of(command.useCase(), command.brandTrustScore())));
    }

    @CommandHandler
    public void handle(DecideCampaignCommand command) {
        switch (command.decision()) {
            case APPROVE -> {
                requireStatus(command, CampaignStatus.PENDING, CampaignStatus.SUSPENDED);
                apply(new CampaignActivated(campaignId));
            }
            case REJECT -> {
                requireStatus(command, CampaignStatus.PENDING);
                apply(new CampaignRejected(campaignId, command.reason()));
            }
            case SUSPEND -> {
                requireStatus(command, CampaignStatus.ACTIVE);
                apply(new CampaignSuspended(campaignId, command.reason()));
            }
            case EXPIRE -> {
                requireStatus(command, CampaignStatus.ACTIVE, CampaignStatus.SUSPENDED);
                apply(new CampaignExpired(campaignId));
            }
        }
    }

    private void requireStatus(DecideCampaignCommand command, CampaignStatus... allowed) {
        for (CampaignStatus candidate : allowed) {
            if (status == candidate) {
                return;
            }
        }
        throw new IllegalTransitionException("campaign " + campaignId + " is " + status + "; cannot "
                + command.decision().name().toLowerCase(java.util.Locale.ROOT) + " it");
    }

    @EventSourcingHandler
    void on(CampaignRegistered event) {
        campaignId = event.campaignId();
        status = CampaignStatus.PENDING;
    }

    @EventSourcingHandler
    void on(CampaignActivated event) {
        status = CampaignStatus.ACTIVE;
    }

    @EventSourcingHandler
    void on(CampaignRejected event) {
        status = CampaignStatus.REJECTED;
    }

    @EventSourcingHandler
    void on(CampaignSuspended event) {
        status = CampaignStatus.SUSPENDED;
    }

    @EventSourcingHandler
    void on(CampaignExpired event) {
        status = CampaignStatus.EXPIRED;
    }
}
