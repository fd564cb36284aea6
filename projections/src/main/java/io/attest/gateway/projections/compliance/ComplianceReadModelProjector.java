package io.attest.gateway.projections.compliance;

import io.attest.gateway.application.limits.SendLimits;
import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageBlocked;
import io.attest.gateway.domain.message.MessageExpired;
import io.attest.gateway.domain.message.MessageHeld;
import io.attest.gateway.domain.message.MessageReleased;
import io.attest.gateway.domain.number.NumberAssigned;
import io.attest.gateway.domain.number.NumberReleased;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import io.attest.gateway.projections.sql.PreparedSql;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.ZoneOffset;

import static io.attest.gateway.projections.jooq.Tables.CAMPAIGN_NUMBER;
import static io.attest.gateway.projections.jooq.Tables.HELD_MESSAGE;
import static io.attest.gateway.projections.jooq.Tables.MARKETING_SEND;
import static io.attest.gateway.projections.jooq.Tables.RECIPIENT_SEND;

/**
 * Keeps {@code marketing_send}, {@code recipient_send}, {@code held_message} and {@code campaign_number} in step with
 * events.
 */
public class ComplianceReadModelProjector {

    private final DSLContext db;
    private final SendLimits limits;

    public ComplianceReadModelProjector(DSLContext db) {
        this(db, SendLimits.none());
    }

    /** @param limits which accounts the recipient velocity rule applies to: only their sends are kept for it */
    public ComplianceReadModelProjector(DSLContext db, SendLimits limits) {
        this.db = db;
        this.limits = limits;
    }

    /**
     * A message counts from its acceptance: the decision recorded with it (in the same transaction) takes it out of the
     * counts only when it is blocked, so a message let go costs one statement here, not three.
     */
    @EventHandler
    public void on(MessageAccepted event, @Timestamp Instant at) {
        Instant acceptedAt = event.decidedAt() != null ? event.decidedAt() : at;
        if (event.purpose() == MessagePurpose.CLIENT && limits.of(event.accountId()).limitsRecipients()) {
            INSERT_RECIPIENT_SEND.execute(db, event.messageId().value(), event.accountId().value(), event.to().e164(),
                    acceptedAt);
        }
        if (event.useCase() == null || !event.useCase().isMarketing() || event.purpose() != MessagePurpose.CLIENT) {
            return;
        }
        INSERT_MARKETING_SEND.execute(db, event.messageId().value(), event.campaignId().value(), event.to().e164(),
                acceptedAt);
    }

    /* in the transaction of every send that counts: SQL written once (PreparedSql) */
    private static final PreparedSql INSERT_RECIPIENT_SEND = new PreparedSql("""
            INSERT INTO recipient_send (message_id, account_id, recipient, accepted_at, counted)
            VALUES (?, ?, ?, ?, TRUE) ON CONFLICT DO NOTHING""");
    private static final PreparedSql INSERT_MARKETING_SEND = new PreparedSql("""
            INSERT INTO marketing_send (message_id, campaign_id, recipient, accepted_at, counted)
            VALUES (?, ?, ?, ?, TRUE) ON CONFLICT DO NOTHING""");

    @EventHandler
    public void on(MessageHeld event) { // counted since its acceptance
        db.insertInto(HELD_MESSAGE)
                .set(HELD_MESSAGE.MESSAGE_ID, event.messageId().value())
                .set(HELD_MESSAGE.RELEASE_AT, event.until().atOffset(ZoneOffset.UTC))
                .onConflict(HELD_MESSAGE.MESSAGE_ID).doUpdate()
                .set(HELD_MESSAGE.RELEASE_AT, event.until().atOffset(ZoneOffset.UTC))
                .execute();
    }

    /** A scheduled message counts as a held one does (since its acceptance), and waits in the same list for its time. */
    @EventHandler
    public void on(io.attest.gateway.domain.message.MessageScheduled event) {
        db.insertInto(HELD_MESSAGE)
                .set(HELD_MESSAGE.MESSAGE_ID, event.messageId().value())
                .set(HELD_MESSAGE.RELEASE_AT, event.sendAt().atOffset(ZoneOffset.UTC))
                .onConflict(HELD_MESSAGE.MESSAGE_ID).doUpdate()
                .set(HELD_MESSAGE.RELEASE_AT, event.sendAt().atOffset(ZoneOffset.UTC))
                .execute();
    }

    /** A cancelled message never goes out, so it no longer counts. */
    @EventHandler
    public void on(io.attest.gateway.domain.message.MessageCancelled event) {
        uncount(event.messageId().value());
        unhold(event.messageId().value());
    }

    @EventHandler
    public void on(MessageReleased event) {
        unhold(event.messageId().value());
    }

    @EventHandler
    public void on(MessageBlocked event) {
        uncount(event.messageId().value());
        unhold(event.messageId().value());
    }

    /** An expired message never went out, so it no longer counts. */
    @EventHandler
    public void on(MessageExpired event) {
        uncount(event.messageId().value());
        unhold(event.messageId().value());
    }

    @EventHandler
    public void on(NumberAssigned event) {
        db.insertInto(CAMPAIGN_NUMBER)
                .set(CAMPAIGN_NUMBER.NUMBER, event.number().e164())
                .set(CAMPAIGN_NUMBER.CAMPAIGN_ID, event.campaignId().value())
                .onConflict(CAMPAIGN_NUMBER.NUMBER).doUpdate()
                .set(CAMPAIGN_NUMBER.CAMPAIGN_ID, event.campaignId().value())
                .execute();
    }

    @EventHandler
    public void on(NumberReleased event) {
        db.deleteFrom(CAMPAIGN_NUMBER).where(CAMPAIGN_NUMBER.NUMBER.eq(event.number().e164())).execute();
    }

    private void uncount(String messageId) {
        setCounted(messageId, false);
    }

    private void setCounted(String messageId, boolean counted) {
        db.update(MARKETING_SEND).set(MARKETING_SEND.COUNTED, counted)
                .where(MARKETING_SEND.MESSAGE_ID.eq(messageId)).execute();
        db.update(RECIPIENT_SEND).set(RECIPIENT_SEND.COUNTED, counted)
                .where(RECIPIENT_SEND.MESSAGE_ID.eq(messageId)).execute();
    }

    private void unhold(String messageId) {
        db.deleteFrom(HELD_MESSAGE).where(HELD_MESSAGE.MESSAGE_ID.eq(messageId)).execute();
    }
}
