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
import io.attest.gateway.application.message.port.out.SealMessageTextPort;
import io.attest.gateway.projections.sql.PreparedSql;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.attest.gateway.projections.jooq.Tables.DELIVERY_STATUS;
import static io.attest.gateway.projections.jooq.Tables.MESSAGE_CHARGE;
import static io.attest.gateway.projections.jooq.Tables.MESSAGE_TIMELINE;

/**
 * Builds {@code delivery_status} (one row per message) and {@code message_timeline} (one row per event)
 * from Message events. Idempotent per event (keyed by the aggregate sequence number), so a replay or a
 * redelivery after a crash writes nothing twice. A processor's batch of events is written together just before its
 * transaction commits ({@link BatchedWrites}): a few JDBC batches instead of a statement or two per event. The text is
 * kept sealed ({@link SealMessageTextPort}), so it goes when its retention ends, as in the event store.
 */
public class MessageReadModelProjector {

    private final DSLContext db;
    private final SealMessageTextPort texts;
    private final BatchedWrites<Write> writes = new BatchedWrites<>("message-read-model", this::write);

    public MessageReadModelProjector(DSLContext db, SealMessageTextPort texts) {
        this.db = db;
        this.texts = texts;
    }

    @EventHandler
    public void on(MessageAccepted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writes.add(new Accepted(event, at));
        apply(event, sequence, at);
    }

    /** A rebuild starts from empty tables; the events fill them again in order. */
    @org.axonframework.eventhandling.ResetHandler
    public void reset() {
        db.truncate(MESSAGE_TIMELINE).execute();
        db.truncate(DELIVERY_STATUS).execute();
        db.truncate(MESSAGE_CHARGE).execute();
    }

    @EventHandler
    public void on(MessageSubmitted event, @SequenceNumber long sequence, @Timestamp Instant at) {
        writes.add(new CarrierId(event.messageId().value(), event.carrierMessageId().value()));
        if (event.charge() != null) {
            writes.add(new Charge(event.messageId().value(), sequence, null, "outbound", at, null, event.charge()));
        }
        apply(event, sequence, at);
    }

    /** An inbound message is not a message of this read model, but its charge is one of the account's costs. */
    @EventHandler
    public void on(io.attest.gateway.domain.inbound.InboundMessageReceived event, @SequenceNumber long sequence,
                   @Timestamp Instant at) {
        if (event.charge() != null && event.accountId() != null) {
            writes.add(new Charge(event.inboundMessageId().value(), sequence, event.accountId().value(), "inbound", at,
                    event.campaignId() == null ? null : event.campaignId().value(), event.charge()));
        }
    }

    /** Every other event of a message: a step of its timeline, most of them a change of its status. */
    @EventHandler
    public void on(MessageEvent event, @SequenceNumber long sequence, @Timestamp Instant at) {
        apply(event, sequence, at);
    }

    private void apply(MessageEvent event, long sequence, Instant at) {
        Described step = describe(event);
        if (step.changesStatus()) {
            writes.add(new StatusChange(event.messageId().value(), step.status(), at));
        }
        writes.add(new Step(event.messageId().value(), sequence, step.status(), event.getClass().getSimpleName(), at,
                step.carrierMessageId(), step.detail() == null || step.detail().length() <= 2000 ? step.detail()
                : step.detail().substring(0, 1997) + "..."));
    }

    /**
     * What one event does to a message's timeline: the step's status (null: the status the message has at that point,
     * as a segment's receipt leaves it), whether it is a change of the message's status, the carrier's id and the
     * detail. Every event of a message is a step.
     */
    public static Described describe(MessageEvent event) {
        return switch (event) {
            case MessageAccepted e -> new Described(MessageStatus.ACCEPTED, false, null,
                    e.estimate() == null ? null : "estimated " + e.estimate().describe());
            // the compliance decision is a step with the rules checked and the facts they were checked on
            case MessageCleared e -> new Described(MessageStatus.ACCEPTED, false, null,
                    "allowed after " + String.join(", ", e.checks()) + " | " + e.inputs());
            case MessageBlocked e -> new Described(MessageStatus.BLOCKED, true, null,
                    e.rule() + ": " + e.reason() + " | " + e.inputs());
            case MessageHeld e -> new Described(MessageStatus.HELD, true, null,
                    e.rule() + ": held until " + e.until() + " | " + e.inputs());
            case io.attest.gateway.domain.message.MessageScheduled e -> new Described(MessageStatus.SCHEDULED, true, null,
                    "scheduled for " + e.sendAt() + (e.checks().isEmpty() ? "" : " after " + String.join(", ", e.checks()))
                            + " | " + e.inputs());
            case io.attest.gateway.domain.message.MessageCancelled e -> new Described(MessageStatus.CANCELLED, true,
                    null, e.reason());
            case MessageReleased e -> new Described(MessageStatus.ACCEPTED, true, null,
                    "released after " + String.join(", ", e.checks()) + " | " + e.inputs());
            // every submit attempt is a step; one after an attempt whose outcome is unknown says what that risks
            case MessageSubmissionAttempted e -> new Described(MessageStatus.ACCEPTED, false, null, e.mayDuplicate()
                    ? "submit attempt " + e.attempt()
                    + ": the outcome of the previous attempt is unknown, the handset may receive the message twice"
                    : "submit attempt " + e.attempt());
            case io.attest.gateway.domain.message.MessageSubmissionNotTaken e -> new Described(MessageStatus.ACCEPTED,
                    false, null, "not taken by the carrier (attempt " + e.attempt() + "): " + e.reason()
                    + "; it will be sent again");
            case MessageSubmitted e -> {
                String segments = e.multipart() ? "as " + e.segments() + " segments " + e.segmentIds().stream()
                        .map(id -> id.value()).toList() : null;
                String detail = e.route() == null ? segments : segments == null ? e.route() : e.route() + ", " + segments;
                if (e.charge() != null) {
                    detail = (detail == null ? "" : detail + "; ") + "charged " + e.charge().describe();
                }
                yield new Described(MessageStatus.SUBMITTED, true, e.carrierMessageId().value(), detail);
            }
            // a segment's receipt that did not decide the message: on the timeline, the status unchanged
            case io.attest.gateway.domain.message.SegmentReceiptRecorded e -> new Described(null, false,
                    e.receipt().carrierMessageId().value(),
                    "segment " + e.segment() + " of " + e.segments() + ": " + describe(e.receipt()));
            case MessageSubmissionFailed e -> new Described(MessageStatus.FAILED, true, null,
                    e.errorCode() + ": " + e.reason());
            case MessageDelivered e -> new Described(MessageStatus.DELIVERED, true,
                    e.receipt().carrierMessageId().value(), describe(e.receipt()));
            case MessageDeliveryFailed e -> new Described(MessageStatus.FAILED, true,
                    e.receipt().carrierMessageId().value(), describe(e.receipt()));
            case MessageExpired e -> {
                DeliveryReceipt receipt = e.receipt();
                yield new Described(MessageStatus.EXPIRED, true, receipt == null ? null : receipt.carrierMessageId().value(),
                        receipt == null ? e.reason() : describe(receipt));
            }
            case ConflictingReceiptRecorded e -> new Described(e.statusKept(), false,
                    e.receipt().carrierMessageId().value(), "conflicting receipt ignored: " + describe(e.receipt()));
        };
    }

    /**
     * @param status        the step's status; null for the status the message has at that point
     * @param changesStatus whether the message has this status from this step on
     */
    public record Described(MessageStatus status, boolean changesStatus, String carrierMessageId, String detail) {
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

    /** @param account null for an outbound message's: its row in delivery_status has it, and its campaign */
    private record Charge(String messageId, long sequence, String account, String direction, Instant at,
                          String campaign, io.attest.gateway.domain.cost.MessageCost cost) implements Write {
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
        List<Charge> charges = new ArrayList<>();
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
                case Charge c -> charges.add(c);
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
            STATUSES.forEachRow(db, row -> stored.put(row.getString(1), row.getString(2)), unknownStatus);
            steps.replaceAll(step -> step.status() != null ? step : withStatus(step, stored.containsKey(step.messageId())
                    ? MessageStatus.valueOf(stored.get(step.messageId())) : MessageStatus.SUBMITTED));
        }
        List<Object[]> rows = new ArrayList<>(accepted.size());
        for (Accepted a : accepted) {
            MessageAccepted e = a.event();
            var estimate = e.estimate() == null ? null : e.estimate().total();
            rows.add(new Object[]{e.messageId().value(), e.accountId().value(), e.from().e164(), e.to().e164(),
                    texts.seal(e.text(), e.useCase(), a.at()), e.encoding().name(), e.segments(),
                    e.campaignId() == null ? null : e.campaignId().value(), MessageStatus.ACCEPTED.name(), a.at(),
                    a.at(), estimate == null ? null : estimate.currency().getCurrencyCode(),
                    estimate == null ? null : estimate.amount()});
        }
        INSERT_STATUS.executeBatch(db, rows);
        UPDATE_STATUS.executeBatch(db, lastStatus.values().stream()
                .map(c -> new Object[]{c.status().name(), c.at(), c.messageId()}).toList());
        UPDATE_CARRIER_ID.executeBatch(db, carrierIds.entrySet().stream()
                .map(entry -> new Object[]{entry.getValue(), entry.getKey()}).toList());
        if (!charges.isEmpty()) {
            writeCharges(charges);
        }
        INSERT_STEP.executeBatch(db, steps.stream().map(step -> new Object[]{step.messageId(), step.sequence(),
                step.status().name(), step.event(), step.at(), step.carrierMessageId(), step.detail()}).toList());
    }

    /* The statements of every batch: SQL written once (PreparedSql), each bound once per row and sent as a JDBC batch. */
    private static final PreparedSql STATUSES =
            new PreparedSql("SELECT message_id, status FROM delivery_status WHERE message_id = ANY(?)");
    private static final PreparedSql INSERT_STATUS = new PreparedSql("""
            INSERT INTO delivery_status (message_id, account_id, sender, recipient, body, encoding, segments, campaign_id,
                status, accepted_at, updated_at, cost_currency, estimated_cost)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""");
    private static final PreparedSql UPDATE_STATUS =
            new PreparedSql("UPDATE delivery_status SET status = ?, updated_at = ? WHERE message_id = ?");
    private static final PreparedSql UPDATE_CARRIER_ID =
            new PreparedSql("UPDATE delivery_status SET carrier_message_id = ? WHERE message_id = ?");
    private static final PreparedSql INSERT_STEP = new PreparedSql("""
            INSERT INTO message_timeline (message_id, sequence, status, event, occurred_at, carrier_message_id, detail)
            VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""");

    /**
     * Each charge once (its event is its key): a row for the reports, and for an outbound message the charge added to
     * what its row says it was charged. An outbound charge takes its account and campaign from the message's row,
     * written before it (its acceptance comes first).
     */
    private void writeCharges(List<Charge> charges) {
        Set<String> known = new HashSet<>();
        Set<String> charged = new HashSet<>();
        charges.forEach(c -> charged.add(c.messageId()));
        CHARGES_OF.forEachRow(db, row -> known.add(row.getString(1) + "/" + row.getLong(2)), charged);
        List<Charge> fresh = charges.stream().filter(c -> known.add(c.messageId() + "/" + c.sequence())).toList();
        List<Object[]> inserts = new ArrayList<>(fresh.size());
        List<Object[]> outbound = new ArrayList<>();
        for (Charge c : fresh) {
            var cost = c.cost();
            String currency = cost.total().currency().getCurrencyCode();
            inserts.add(new Object[]{c.messageId(), c.sequence(), c.account(), c.direction(), c.at(), c.campaign(),
                    cost.carrier(), cost.connection(), cost.trafficClass().name(), cost.segments(),
                    cost.perSegment().amount(), cost.carrierFee().amount(), cost.total().amount(), currency,
                    c.messageId(), c.account()});
            if (c.account() == null) {
                outbound.add(new Object[]{cost.total().amount(), currency, c.messageId()});
            }
        }
        INSERT_CHARGE.executeBatch(db, inserts);
        ADD_CHARGE.executeBatch(db, outbound);
    }

    private static final PreparedSql CHARGES_OF =
            new PreparedSql("SELECT message_id, sequence FROM message_charge WHERE message_id = ANY(?)");
    private static final PreparedSql INSERT_CHARGE = new PreparedSql("""
            INSERT INTO message_charge (message_id, sequence, account_id, direction, charged_at, campaign_id,
                carrier, route, traffic_class, segments, per_segment, carrier_fee, amount, currency)
            SELECT CAST(? AS VARCHAR), CAST(? AS BIGINT), COALESCE(CAST(? AS VARCHAR), d.account_id), CAST(? AS VARCHAR),
                CAST(? AS TIMESTAMPTZ), COALESCE(CAST(? AS VARCHAR), d.campaign_id), CAST(? AS VARCHAR), CAST(? AS VARCHAR),
                CAST(? AS VARCHAR), CAST(? AS INTEGER), CAST(? AS NUMERIC), CAST(? AS NUMERIC), CAST(? AS NUMERIC),
                CAST(? AS CHAR(3))
            FROM (SELECT 1) one LEFT JOIN delivery_status d ON d.message_id = ?
            WHERE COALESCE(CAST(? AS VARCHAR), d.account_id) IS NOT NULL
            ON CONFLICT DO NOTHING""");
    private static final PreparedSql ADD_CHARGE = new PreparedSql("""
            UPDATE delivery_status SET charged_cost = COALESCE(charged_cost, 0) + ?, cost_currency = ?
            WHERE message_id = ?""");

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
}
