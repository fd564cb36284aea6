package io.attest.gateway.domain.campaign;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/** The carriers' (or registry's) decision on a campaign: approve, reject, suspend, or expire it. */
public record DecideCampaignCommand(@TargetAggregateIdentifier CampaignId campaignId, Decision decision,
                                    String reason) {

    public enum Decision {
        APPROVE, REJECT, SUSPEND, EXPIRE
    }
}
