package io.attest.gateway.domain.campaign;

public enum CampaignStatus {
    PENDING, ACTIVE, REJECTED, SUSPENDED, EXPIRED
}
