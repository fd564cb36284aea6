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
import io.attest.gateway.application.shared.BatchedWrites;
import org.jooq.BatchBindStep;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.attest.gateway.projections.jooq.Tables.DELIVERY_STATUS;
import static io.attest.gateway.projections.jooq.Tables.MESSAGE_TIMELINE;

/**
 * Builds {@code delivery_status} (one row per message) and {@code message_timeline} (one row per event)
 * from Message events. Idempotent per event (keyed by the aggregate sequence number), so a replay or a
 * redelivery after a crash writes nothing twice. A processor's batch of events is written together just before its
 * transaction commits ({@link BatchedWrites}): a few JDBC batches instead of a statement or two per event.
 */
public class MessageReadModelProjector {

    private final DSLContext db;
    private final BatchedWrites<Write> writes = new BatchedWrites<>("message-read-model", this::write);

    public MessageReadModelProjector(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(MessageAccepted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writes.add(new Accepted(event, at));
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
        writes.add(new CarrierId(event.messageId().value(), event.carrierMessageId().value()));
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
        step(event, sequence, at, null, event.receipt().carrierMessageId().value(),
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
        writes.add(new StatusChange(event.messageId().value(), status, at));
        step(event, sequence, at, status, carrierMessageId, detail);
    }

    /** @param status null for the status the message has at this point (a segment's receipt leaves it as it is) */
    private void step(MessageEvent event, long sequence, Instant at, MessageStatus status, String carrierMessageId,
                      String detail) {
        writes.add(new Step(event.messageId().value(), sequence, status, event.getClass().getSimpleName(), at,
                carrierMessageId, detail == null || detail.length() <= 2000 ? detail : detail.substring(0, 1997) + "..."));
    }

    /** One change to the read model, kept until the batch is written. */
    private sealed interface Write {
    }

    private record Accepted(MessageAccepted event, Instant at) implements Write {
    }

    private record StatusChange(String messageId, MessageStatus status, Instant at) implements Write {
    }

    private record CarrierId(String messageId, String carrierMessageId) implements Write {
    }

    private record Step(String messageId, long sequence, MessageStatus status, String event, Instant at,
                        String carrierMessageId, String detail) implements Write {
    }

    /**
     * Writes one batch: the new rows of {@code delivery_status} first (a message's acceptance comes before any other
     * of its events), then each message's last status and carrier id of the batch, then the timeline. Each is one
     * statement bound once per row, sent as one JDBC batch. A step that keeps the status it finds takes the status of
     * the last change before it in the batch, or else the stored one.
     */
    private void write(List<Write> batch) {
        Map<String, StatusChange> lastStatus = new LinkedHashMap<>();
        Map<String, String> carrierIds = new LinkedHashMap<>();
        List<Accepted> accepted = new ArrayList<>();
        List<Step> steps = new ArrayList<>();
        Map<String, MessageStatus> statusSoFar = new HashMap<>();
        Set<String> unknownStatus = new HashSet<>();
        for (Write write : batch) {
            switch (write) {
                case Accepted a -> {
                    accepted.add(a);
                    statusSoFar.put(a.event().messageId().value(), MessageStatus.ACCEPTED);
                }
                case StatusChange c -> {
                    lastStatus.put(c.messageId(), c);
                    statusSoFar.put(c.messageId(), c.status());
                }
                case CarrierId c -> carrierIds.put(c.messageId(), c.carrierMessageId());
                case Step step when step.status() == null -> {
                    MessageStatus now = statusSoFar.get(step.messageId());
                    if (now == null) {
                        unknownStatus.add(step.messageId());
                    }
                    steps.add(now == null ? step : withStatus(step, now));
                }
                case Step step -> steps.add(step);
            }
        }
        if (!unknownStatus.isEmpty()) {
            Map<String, String> stored = new HashMap<>();
            db.select(DELIVERY_STATUS.MESSAGE_ID, DELIVERY_STATUS.STATUS).from(DELIVERY_STATUS)
                    .where(DELIVERY_STATUS.MESSAGE_ID.in(unknownStatus))
                    .forEach(r -> stored.put(r.value1(), r.value2()));
            steps.replaceAll(step -> step.status() != null ? step : withStatus(step, stored.containsKey(step.messageId())
                    ? MessageStatus.valueOf(stored.get(step.messageId())) : MessageStatus.SUBMITTED));
        }
        if (!accepted.isEmpty()) {
            BatchBindStep insert = db.batch(db.insertInto(DELIVERY_STATUS, DELIVERY_STATUS.MESSAGE_ID,
                            DELIVERY_STATUS.ACCOUNT_ID, DELIVERY_STATUS.SENDER, DELIVERY_STATUS.RECIPIENT,
                            DELIVERY_STATUS.BODY, DELIVERY_STATUS.ENCODING, DELIVERY_STATUS.SEGMENTS,
                            DELIVERY_STATUS.CAMPAIGN_ID, DELIVERY_STATUS.STATUS, DELIVERY_STATUS.ACCEPTED_AT,
                            DELIVERY_STATUS.UPDATED_AT)
                    .values((String) null, null, null, null, null, null, null, null, null, null, null)
                    .onConflictDoNothing());
            for (Accepted a : accepted) {
                MessageAccepted e = a.event();
                insert.bind(e.messageId().value(), e.accountId().value(), e.from().e164(), e.to().e164(), e.text(),
                        e.encoding().name(), e.segments(), e.campaignId() == null ? null : e.campaignId().value(),
                        MessageStatus.ACCEPTED.name(), utc(a.at()), utc(a.at()));
            }
            insert.execute();
        }
        if (!lastStatus.isEmpty()) {
            BatchBindStep update = db.batch(db.update(DELIVERY_STATUS)
                    .set(DELIVERY_STATUS.STATUS, DSL.param("status", String.class))
                    .set(DELIVERY_STATUS.UPDATED_AT, DSL.param("updated", OffsetDateTime.class))
                    .where(DELIVERY_STATUS.MESSAGE_ID.eq(DSL.param("message", String.class))));
            lastStatus.values().forEach(c -> update.bind(c.status().name(), utc(c.at()), c.messageId()));
            update.execute();
        }
        if (!carrierIds.isEmpty()) {
            BatchBindStep update = db.batch(db.update(DELIVERY_STATUS)
                    .set(DELIVERY_STATUS.CARRIER_MESSAGE_ID, DSL.param("carrier", String.class))
                    .where(DELIVERY_STATUS.MESSAGE_ID.eq(DSL.param("message", String.class))));
            carrierIds.forEach((message, carrier) -> update.bind(carrier, message));
            update.execute();
        }
        if (!steps.isEmpty()) {
            BatchBindStep insert = db.batch(db.insertInto(MESSAGE_TIMELINE, MESSAGE_TIMELINE.MESSAGE_ID,
                            MESSAGE_TIMELINE.SEQUENCE, MESSAGE_TIMELINE.STATUS, MESSAGE_TIMELINE.EVENT,
                            MESSAGE_TIMELINE.OCCURRED_AT, MESSAGE_TIMELINE.CARRIER_MESSAGE_ID, MESSAGE_TIMELINE.DETAIL)
                    .values((String) null, null, null, null, null, null, null)
                    .onConflictDoNothing());
            steps.forEach(step -> insert.bind(step.messageId(), step.sequence(), step.status().name(), step.event(),
                    utc(step.at()), step.carrierMessageId(), step.detail()));
            insert.execute();
        }
    }

    private static Step withStatus(Step step, MessageStatus status) {
        return new Step(step.messageId(), step.sequence(), status, step.event(), step.at(), step.carrierMessageId(),
                step.detail());
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
