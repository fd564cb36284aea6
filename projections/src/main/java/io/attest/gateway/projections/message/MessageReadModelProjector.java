package io.attest.gateway.projections.message;

import io.attest.gateway.domain.message.ConflictingReceiptRecorded;
import io.attest.gateway.domain.message.DeliveryReceipt;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageBlocked;
import io.attest.gateway.domain.message.MessageCleared;
import io.attest.gateway.domain.message.MessageHeld;
import io.attest.gateway.domain.message.MessageReleased;
import io.attest.gateway.domain.message.MessageDelivered;
import io.attest.gateway.domain.message.MessageDeliveryFailed;
import io.attest.gateway.domain.message.MessageEvent;
import io.attest.gateway.domain.message.MessageExpired;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.message.MessageSubmissionAttempted;
import io.attest.gateway.domain.message.MessageSubmissionFailed;
import io.attest.gateway.domain.message.MessageSubmitted;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import org.axonframework.eventhandling.Timestamp;
import org.jooq.DSLContext;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static io.attest.gateway.projections.jooq.Tables.DELIVERY_STATUS;
import static io.attest.gateway.projections.jooq.Tables.MESSAGE_TIMELINE;

/**
 * Builds {@code delivery_status} (one row per message) and {@code message_timeline} (one row per event)
 * from Message events. Idempotent per event (keyed by the aggregate sequence number), so a replay or a
 * redelivery after a crash writes nothing twice.
 */
public class MessageReadModelProjector {

    private final DSLContext db;

    public MessageReadModelProjector(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(MessageAccepted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        db.insertInto(DELIVERY_STATUS)
                .set(DELIVERY_STATUS.MESSAGE_ID, event.messageId().value())
                .set(DELIVERY_STATUS.ACCOUNT_ID, event.accountId().value())
                .set(DELIVERY_STATUS.SENDER, event.from().e164())
                .set(DELIVERY_STATUS.RECIPIENT, event.to().e164())
                .set(DELIVERY_STATUS.BODY, event.text())
                .set(DELIVERY_STATUS.ENCODING, event.encoding().name())
                .set(DELIVERY_STATUS.SEGMENTS, event.segments())
                .set(DELIVERY_STATUS.CAMPAIGN_ID, event.campaignId() == null ? null : event.campaignId().value())
                .set(DELIVERY_STATUS.STATUS, MessageStatus.ACCEPTED.name())
                .set(DELIVERY_STATUS.ACCEPTED_AT, utc(at))
                .set(DELIVERY_STATUS.UPDATED_AT, utc(at))
                .onConflictDoNothing()
                .execute();
        step(event, sequence, at, MessageStatus.ACCEPTED, null, null);
    }

    /** The compliance decision is a step with the rules checked and the facts they were checked on. */
    @EventHandler
    public void on(MessageCleared event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, sequence, at, MessageStatus.ACCEPTED, null,
                "allowed after " + String.join(", ", event.checks()) + " | " + event.inputs());
    }

    @EventHandler
    public void on(MessageBlocked event, @SequenceNumber long sequence, @Timestamp Instant at) {
        advance(event, sequence, at, MessageStatus.BLOCKED, null,
                event.rule() + ": " + event.reason() + " | " + event.inputs());
    }

    @EventHandler
    public void on(MessageHeld event, @SequenceNumber long sequence, @Timestamp Instant at) {
        advance(event, sequence, at, MessageStatus.HELD, null,
                event.rule() + ": held until " + event.until() + " | " + event.inputs());
    }

    @EventHandler
    public void on(MessageReleased event, @SequenceNumber long sequence, @Timestamp Instant at) {
        advance(event, sequence, at, MessageStatus.ACCEPTED, null,
                "released after " + String.join(", ", event.checks()) + " | " + event.inputs());
    }

    /** A rebuild starts from empty tables; the events fill them again in order. */
    @org.axonframework.eventhandling.ResetHandler
    public void reset() {
        db.truncate(MESSAGE_TIMELINE).execute();
        db.truncate(DELIVERY_STATUS).execute();
    }

    /** Every submit attempt is a step; one after an attempt whose outcome is unknown says what that risks. */
    @EventHandler
    public void on(MessageSubmissionAttempted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, sequence, at, MessageStatus.ACCEPTED, null, event.mayDuplicate()
                ? "submit attempt " + event.attempt()
                        + ": the outcome of the previous attempt is unknown, the handset may receive the message twice"
                : "submit attempt " + event.attempt());
    }

    @EventHandler
    public void on(io.attest.gateway.domain.message.MessageSubmissionNotTaken event, @SequenceNumber long sequence,
                   @Timestamp Instant at) {
        step(event, sequence, at, MessageStatus.ACCEPTED, null, "not taken by the carrier (attempt " + event.attempt()
                + "): " + event.reason() + "; it will be sent again");
    }

    @EventHandler
    public void on(MessageSubmitted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        db.update(DELIVERY_STATUS)
                .set(DELIVERY_STATUS.CARRIER_MESSAGE_ID, event.carrierMessageId().value())
                .where(DELIVERY_STATUS.MESSAGE_ID.eq(event.messageId().value()))
                .execute();
        String segments = event.multipart() ? "as " + event.segments() + " segments " + event.segmentIds().stream()
                .map(id -> id.value()).toList() : null;
        String detail = event.route() == null ? segments
                : segments == null ? event.route() : event.route() + ", " + segments;
        advance(event, sequence, at, MessageStatus.SUBMITTED, event.carrierMessageId().value(), detail);
    }

    /** A segment's receipt that did not decide the message: on the timeline, the status unchanged. */
    @EventHandler
    public void on(io.attest.gateway.domain.message.SegmentReceiptRecorded event, @SequenceNumber long sequence,
                   @Timestamp Instant at) {
        String status = db.select(DELIVERY_STATUS.STATUS).from(DELIVERY_STATUS)
                .where(DELIVERY_STATUS.MESSAGE_ID.eq(event.messageId().value())).fetchOne(DELIVERY_STATUS.STATUS);
        step(event, sequence, at, status == null ? MessageStatus.SUBMITTED : MessageStatus.valueOf(status),
                event.receipt().carrierMessageId().value(),
                "segment " + event.segment() + " of " + event.segments() + ": " + describe(event.receipt()));
    }

    @EventHandler
    public void on(MessageSubmissionFailed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        advance(event, sequence, at, MessageStatus.FAILED, null, event.errorCode() + ": " + event.reason());
    }

    @EventHandler
    public void on(MessageDelivered event, @SequenceNumber long sequence, @Timestamp Instant at) {
        advance(event, sequence, at, MessageStatus.DELIVERED, event.receipt().carrierMessageId().value(),
                describe(event.receipt()));
    }

    @EventHandler
    public void on(MessageDeliveryFailed event, @SequenceNumber long sequence, @Timestamp Instant at) {
        advance(event, sequence, at, MessageStatus.FAILED, event.receipt().carrierMessageId().value(),
                describe(event.receipt()));
    }

    @EventHandler
    public void on(MessageExpired event, @SequenceNumber long sequence, @Timestamp Instant at) {
        DeliveryReceipt receipt = event.receipt();
        advance(event, sequence, at, MessageStatus.EXPIRED,
                receipt == null ? null : receipt.carrierMessageId().value(),
                receipt == null ? event.reason() : describe(receipt));
    }

    @EventHandler
    public void on(ConflictingReceiptRecorded event, @SequenceNumber long sequence, @Timestamp Instant at) {
        step(event, sequence, at, event.statusKept(), event.receipt().carrierMessageId().value(),
                "conflicting receipt ignored: " + describe(event.receipt()));
    }

    private void advance(MessageEvent event, long sequence, Instant at, MessageStatus status,
                         String carrierMessageId, String detail) {
        db.update(DELIVERY_STATUS)
                .set(DELIVERY_STATUS.STATUS, status.name())
                .set(DELIVERY_STATUS.UPDATED_AT, utc(at))
                .where(DELIVERY_STATUS.MESSAGE_ID.eq(event.messageId().value()))
                .execute();
        step(event, sequence, at, status, carrierMessageId, detail);
    }

    private void step(MessageEvent event, long sequence, Instant at, MessageStatus status, String carrierMessageId,
                      String detail) {
        db.insertInto(MESSAGE_TIMELINE)
                .set(MESSAGE_TIMELINE.MESSAGE_ID, event.messageId().value())
                .set(MESSAGE_TIMELINE.SEQUENCE, sequence)
                .set(MESSAGE_TIMELINE.STATUS, status.name())
                .set(MESSAGE_TIMELINE.EVENT, event.getClass().getSimpleName())
                .set(MESSAGE_TIMELINE.OCCURRED_AT, utc(at))
                .set(MESSAGE_TIMELINE.CARRIER_MESSAGE_ID, carrierMessageId)
                .set(MESSAGE_TIMELINE.DETAIL, detail == null || detail.length() <= 2000 ? detail
                        : detail.substring(0, 1997) + "...")
                .onConflictDoNothing()
                .execute();
    }

    private static String describe(DeliveryReceipt receipt) {
        StringBuilder text = new StringBuilder("receipt stat:").append(receipt.carrierStatus())
                .append(" err:").append(receipt.carrierError());
        if (receipt.carrierDoneAt() != null) {
            text.append(" done:").append(receipt.carrierDoneAt());
        }
        return text.toString();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
