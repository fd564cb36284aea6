package io.attest.gateway.projections.compliance;

import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageBlocked;
import io.attest.gateway.domain.message.MessageCleared;
import io.attest.gateway.domain.message.MessageExpired;
import io.attest.gateway.domain.message.MessageHeld;
import io.attest.gateway.domain.message.MessageReleased;
import io.attest.gateway.domain.number.NumberAssigned;
import io.attest.gateway.domain.number.NumberReleased;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.ZoneOffset;

import static io.attest.gateway.projections.jooq.Tables.CAMPAIGN_NUMBER;
import static io.attest.gateway.projections.jooq.Tables.HELD_MESSAGE;
import static io.attest.gateway.projections.jooq.Tables.MARKETING_SEND;

/** Keeps {@code marketing_send}, {@code held_message} and {@code campaign_number} in step with events. */
public class ComplianceReadModelProjector {

    private final DSLContext db;

    public ComplianceReadModelProjector(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(MessageAccepted event, @Timestamp Instant at) {
        if (event.useCase() == null || !event.useCase().isMarketing() || event.purpose() != MessagePurpose.CLIENT) {
            return;
        }
        db.insertInto(MARKETING_SEND)
                .set(MARKETING_SEND.MESSAGE_ID, event.messageId().value())
                .set(MARKETING_SEND.CAMPAIGN_ID, event.campaignId().value())
                .set(MARKETING_SEND.RECIPIENT, event.to().e164())
                .set(MARKETING_SEND.ACCEPTED_AT, (event.decidedAt() != null ? event.decidedAt() : at).atOffset(ZoneOffset.UTC))
                .set(MARKETING_SEND.COUNTED, false)
                .onConflictDoNothing()
                .execute();
    }

    @EventHandler
    public void on(MessageCleared event) {
        count(event.messageId().value());
    }

    @EventHandler
    public void on(MessageHeld event) {
        count(event.messageId().value());
        db.insertInto(HELD_MESSAGE)
                .set(HELD_MESSAGE.MESSAGE_ID, event.messageId().value())
                .set(HELD_MESSAGE.RELEASE_AT, event.until().atOffset(ZoneOffset.UTC))
                .onConflict(HELD_MESSAGE.MESSAGE_ID).doUpdate()
                .set(HELD_MESSAGE.RELEASE_AT, event.until().atOffset(ZoneOffset.UTC))
                .execute();
    }

    @EventHandler
    public void on(MessageReleased event) {
        unhold(event.messageId().value());
    }

    @EventHandler
    public void on(MessageBlocked event) {
        db.update(MARKETING_SEND).set(MARKETING_SEND.COUNTED, false)
                .where(MARKETING_SEND.MESSAGE_ID.eq(event.messageId().value())).execute();
        unhold(event.messageId().value());
    }

    /** An expired message never went out, so it no longer counts. */
    @EventHandler
    public void on(MessageExpired event) {
        db.update(MARKETING_SEND).set(MARKETING_SEND.COUNTED, false)
                .where(MARKETING_SEND.MESSAGE_ID.eq(event.messageId().value())).execute();
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

    private void count(String messageId) {
        db.update(MARKETING_SEND).set(MARKETING_SEND.COUNTED, true)
                .where(MARKETING_SEND.MESSAGE_ID.eq(messageId)).execute();
    }

    private void unhold(String messageId) {
        db.deleteFrom(HELD_MESSAGE).where(HELD_MESSAGE.MESSAGE_ID.eq(messageId)).execute();
    }
}
