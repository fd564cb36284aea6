package io.attest.gateway.projections.compliance;

import io.attest.gateway.domain.brand.BrandRegistered;
import io.attest.gateway.domain.brand.BrandSuspended;
import io.attest.gateway.domain.brand.BrandVerified;
import io.attest.gateway.domain.brand.BrandVettingFailed;
import io.attest.gateway.domain.campaign.CampaignActivated;
import io.attest.gateway.domain.campaign.CampaignExpired;
import io.attest.gateway.domain.campaign.CampaignRegistered;
import io.attest.gateway.domain.campaign.CampaignRejected;
import io.attest.gateway.domain.campaign.CampaignSuspended;
import io.attest.gateway.domain.number.NumberAssigned;
import io.attest.gateway.domain.number.NumberReleased;
import io.attest.gateway.domain.number.TollFreeNumberVerified;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static io.attest.gateway.projections.jooq.Tables.REGISTRY_ENTRY;

/**
 * Keeps {@code registry_entry} in step with the registry's events: one row per brand, campaign and number with what a
 * list shows (its account, name, status and the last decision's reason).
 */
public class RegistryEntryProjector {

    static final String BRAND = "brand";
    static final String CAMPAIGN = "campaign";
    static final String NUMBER = "number";

    private final DSLContext db;

    public RegistryEntryProjector(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(BrandRegistered event, @Timestamp Instant at) {
        register(BRAND, event.brandId().value(), event.accountId().value(), event.legalName(), null, "PENDING", at);
    }

    @EventHandler
    public void on(BrandVerified event, @Timestamp Instant at) {
        decide(BRAND, event.brandId().value(), "VERIFIED", null, at);
    }

    @EventHandler
    public void on(BrandVettingFailed event, @Timestamp Instant at) {
        decide(BRAND, event.brandId().value(), "FAILED", event.reason(), at);
    }

    @EventHandler
    public void on(BrandSuspended event, @Timestamp Instant at) {
        decide(BRAND, event.brandId().value(), "SUSPENDED", event.reason(), at);
    }

    @EventHandler
    public void on(CampaignRegistered event, @Timestamp Instant at) {
        register(CAMPAIGN, event.campaignId().value(), event.accountId().value(),
                event.useCase() == null ? null : event.useCase().name(), event.brandId().value(), "PENDING", at);
    }

    @EventHandler
    public void on(CampaignActivated event, @Timestamp Instant at) {
        decide(CAMPAIGN, event.campaignId().value(), "ACTIVE", null, at);
    }

    @EventHandler
    public void on(CampaignRejected event, @Timestamp Instant at) {
        decide(CAMPAIGN, event.campaignId().value(), "REJECTED", event.reason(), at);
    }

    @EventHandler
    public void on(CampaignSuspended event, @Timestamp Instant at) {
        decide(CAMPAIGN, event.campaignId().value(), "SUSPENDED", event.reason(), at);
    }

    @EventHandler
    public void on(CampaignExpired event, @Timestamp Instant at) {
        decide(CAMPAIGN, event.campaignId().value(), "EXPIRED", null, at);
    }

    /** A number assigned (again): serving its campaign, or waiting for verification if it is toll-free. */
    @EventHandler
    public void on(NumberAssigned event, @Timestamp Instant at) {
        db.execute("""
                INSERT INTO registry_entry (kind, id, account_id, name, parent_id, status, registered_at, updated_at)
                VALUES ('number', ?, ?, ?, ?, CASE WHEN ? = 'TOLL_FREE' THEN 'UNVERIFIED' ELSE 'SERVING' END,
                        ?::timestamptz, ?::timestamptz)
                ON CONFLICT (kind, id) DO UPDATE SET account_id = excluded.account_id, name = excluded.name,
                    parent_id = excluded.parent_id, updated_at = excluded.updated_at,
                    status = CASE WHEN excluded.name = 'TOLL_FREE' AND NOT registry_entry.verified THEN 'UNVERIFIED'
                                  ELSE 'SERVING' END""",
                event.number().e164(), event.accountId().value(), event.type().name(), event.campaignId().value(),
                event.type().name(), at.toString(), at.toString());
    }

    @EventHandler
    public void on(NumberReleased event, @Timestamp Instant at) {
        db.update(REGISTRY_ENTRY)
                .set(REGISTRY_ENTRY.PARENT_ID, (String) null)
                .set(REGISTRY_ENTRY.STATUS, "RELEASED")
                .set(REGISTRY_ENTRY.UPDATED_AT, at.atOffset(ZoneOffset.UTC))
                .where(REGISTRY_ENTRY.KIND.eq(NUMBER), REGISTRY_ENTRY.ID.eq(event.number().e164()))
                .execute();
    }

    /** Verified, a toll-free number serves its campaign (a released one stays released, and verified). */
    @EventHandler
    public void on(TollFreeNumberVerified event, @Timestamp Instant at) {
        db.execute("""
                UPDATE registry_entry SET verified = TRUE, updated_at = ?::timestamptz,
                    status = CASE WHEN status = 'RELEASED' THEN 'RELEASED' ELSE 'SERVING' END
                WHERE kind = 'number' AND id = ?""", at.toString(), event.number().e164());
    }

    private void register(String kind, String id, String account, String name, String parent, String status,
                          Instant at) {
        OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
        db.insertInto(REGISTRY_ENTRY)
                .set(REGISTRY_ENTRY.KIND, kind).set(REGISTRY_ENTRY.ID, id)
                .set(REGISTRY_ENTRY.ACCOUNT_ID, account).set(REGISTRY_ENTRY.NAME, name)
                .set(REGISTRY_ENTRY.PARENT_ID, parent).set(REGISTRY_ENTRY.STATUS, status)
                .set(REGISTRY_ENTRY.REGISTERED_AT, when).set(REGISTRY_ENTRY.UPDATED_AT, when)
                .onConflictDoNothing()
                .execute();
    }

    private void decide(String kind, String id, String status, String reason, Instant at) {
        db.update(REGISTRY_ENTRY)
                .set(REGISTRY_ENTRY.STATUS, status)
                .set(REGISTRY_ENTRY.REASON, reason)
                .set(REGISTRY_ENTRY.UPDATED_AT, at.atOffset(ZoneOffset.UTC))
                .where(REGISTRY_ENTRY.KIND.eq(kind), REGISTRY_ENTRY.ID.eq(id))
                .execute();
    }
}
