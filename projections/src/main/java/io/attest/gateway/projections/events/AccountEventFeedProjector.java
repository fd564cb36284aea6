package io.attest.gateway.projections.events;

import io.attest.gateway.domain.consent.OptInRecorded;
import io.attest.gateway.domain.consent.OptOutRecorded;
import io.attest.gateway.domain.inbound.InboundMessageReceived;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageBlocked;
import io.attest.gateway.domain.message.MessageDelivered;
import io.attest.gateway.domain.message.MessageDeliveryFailed;
import io.attest.gateway.domain.message.MessageExpired;
import io.attest.gateway.domain.message.MessageHeld;
import io.attest.gateway.domain.message.MessageSubmissionFailed;
import io.attest.gateway.domain.message.MessageSubmitted;
import io.attest.gateway.domain.shared.AccountId;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.SequenceNumber;
import io.attest.gateway.application.shared.BatchedWrites;
import io.attest.gateway.application.message.port.out.SealMessageTextPort;
import io.attest.gateway.projections.sql.PreparedSql;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.tools.json.JSONObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;


/**
 * Numbers each account's client-facing events without gaps, in event-store order (one tracking processor
 * thread). An event seen twice is written once. A processor's batch of events is numbered and inserted together
 * just before its transaction commits ({@link BatchedWrites}): a few queries and one JDBC batch per batch of events.
 */
public class AccountEventFeedProjector {

    private final DSLContext db;
    /** An inbound message's text is kept sealed, as in the event store: it goes when its retention ends. */
    private final SealMessageTextPort texts;
    private final BatchedWrites<Pending> rows = new BatchedWrites<>("event-feed", this::write);

    public AccountEventFeedProjector(DSLContext db, SealMessageTextPort texts) {
        this.db = db;
        this.texts = texts;
    }

    @EventHandler
    public void on(MessageAccepted e, @SequenceNumber long sequence, EventMessage<?> message) {
        append(e.accountId().value(), "message.accepted", e.messageId().value(), sequence, message, data(
                "from", e.from().e164(), "to", e.to().e164(), "encoding", e.encoding() == io.attest.gateway.domain.message.TextEncoding.GSM_7 ? "GSM-7" : "UCS-2", "segments", e.segments(),
                "campaignId", e.campaignId() == null ? null : e.campaignId().value(), "purpose", e.purpose().name(),
                "estimatedCost", cost(e.estimate())), e.webhookUrl());
    }

    @EventHandler
    public void on(MessageHeld e, @SequenceNumber long sequence, EventMessage<?> message) {
        appendForMessage("message.held", e.messageId().value(), sequence, message,
                data("rule", e.rule(), "until", e.until().toString(), "reason", e.reason()));
    }

    @EventHandler
    public void on(io.attest.gateway.domain.message.MessageScheduled e, @SequenceNumber long sequence,
                   EventMessage<?> message) {
        appendForMessage("message.scheduled", e.messageId().value(), sequence, message,
                data("sendAt", e.sendAt().toString()));
    }

    @EventHandler
    public void on(io.attest.gateway.domain.message.MessageCancelled e, @SequenceNumber long sequence,
                   EventMessage<?> message) {
        appendForMessage("message.cancelled", e.messageId().value(), sequence, message, data("reason", e.reason()));
    }

    @EventHandler
    public void on(MessageBlocked e, @SequenceNumber long sequence, EventMessage<?> message) {
        appendForMessage("message.blocked", e.messageId().value(), sequence, message,
                data("rule", e.rule(), "reason", e.reason()));
    }

    @EventHandler
    public void on(MessageSubmitted e, @SequenceNumber long sequence, EventMessage<?> message) {
        appendForMessage("message.submitted", e.messageId().value(), sequence, message,
                data("carrierMessageId", e.carrierMessageId().value(), "charged", cost(e.charge())));
    }

    @EventHandler
    public void on(MessageDelivered e, @SequenceNumber long sequence, EventMessage<?> message) {
        appendForMessage("message.delivered", e.messageId().value(), sequence, message,
                data("carrierStatus", e.receipt().carrierStatus(), "carrierDoneAt", e.receipt().carrierDoneAt()));
    }

    @EventHandler
    public void on(MessageDeliveryFailed e, @SequenceNumber long sequence, EventMessage<?> message) {
        appendForMessage("message.failed", e.messageId().value(), sequence, message,
                data("carrierStatus", e.receipt().carrierStatus(), "carrierError", e.receipt().carrierError()));
    }

    @EventHandler
    public void on(MessageSubmissionFailed e, @SequenceNumber long sequence, EventMessage<?> message) {
        appendForMessage("message.failed", e.messageId().value(), sequence, message,
                data("errorCode", e.errorCode(), "reason", e.reason()));
    }

    @EventHandler
    public void on(MessageExpired e, @SequenceNumber long sequence, EventMessage<?> message) {
        appendForMessage("message.expired", e.messageId().value(), sequence, message, data("reason", e.reason()));
    }

    @EventHandler
    public void on(InboundMessageReceived e, @SequenceNumber long sequence, EventMessage<?> message) {
        if (e.accountId() == null) {
            return; // to a number no account owns: kept in the event store, shown to no client
        }
        append(e.accountId().value(), "message.received", e.inboundMessageId().value(), sequence, message, data(
                "from", e.from().e164(), "to", e.to().e164(), "text", texts.seal(e.text(), null, message.getTimestamp()),
                "campaignId", e.campaignId() == null ? null : e.campaignId().value(),
                "intent", e.intent().name(), "matchedRule", e.matchedRule(), "charged", cost(e.charge())));
    }

    @EventHandler
    public void on(io.attest.gateway.domain.cost.SpendThresholdReached e, EventMessage<?> message) {
        append(e.accountId().value(), "account.spend_threshold_reached", null, 0, message, data(
                "period", e.period(), "periodStart", e.periodStart().toString(), "percent", e.percent(),
                "limit", e.limit().plain(), "spent", e.spent().plain(),
                "currency", e.limit().currency().getCurrencyCode()));
    }

    @EventHandler
    public void on(OptInRecorded e, @SequenceNumber long sequence, EventMessage<?> message) {
        append(e.accountId().value(), "consent.opted_in", null, sequence, message, data(
                "brandId", e.brandId().value(), "subscriber", e.subscriber().e164(),
                "campaignId", e.campaignId().value(), "kind", e.kind().name()));
    }

    @EventHandler
    public void on(OptOutRecorded e, @SequenceNumber long sequence, EventMessage<?> message) {
        append(e.accountId().value(), "consent.opted_out", null, sequence, message, data(
                "brandId", e.brandId().value(), "subscriber", e.subscriber().e164(),
                "campaignId", e.campaignId() == null ? null : e.campaignId().value(), "scope", e.scope().name(),
                "method", e.method().name(), "matchedRule", e.matchedRule()));
    }

    private void appendForMessage(String type, String messageId, long sequence, EventMessage<?> message, String data) {
        append(null, type, messageId, sequence, message, data, null); // the account is found when the batch is written
    }

    private void append(String account, String type, String messageId, long sequence, EventMessage<?> message,
                        String data) {
        append(account, type, messageId, sequence, message, data, null);
    }

    private void append(String account, String type, String messageId, long sequence, EventMessage<?> message,
                        String data, String webhookUrl) {
        if (account != null) {
            AccountId.of(account);
        }
        rows.add(new Pending(account, type, messageId, sequence, message.getIdentifier(), message.getTimestamp(), data,
                webhookUrl));
    }

    /** @param account null for a message's later events: the account of its acceptance, found when written */
    private record Pending(String account, String type, String messageId, long sequence, String eventId,
                           java.time.Instant occurredAt, String data, String webhookUrl) {
    }

    /** Numbers and inserts one batch of events, in the order they came. */
    private void write(List<Pending> batch) {
        Set<String> written = new HashSet<>(WRITTEN.fetch(db, row -> row.getString(1),
                batch.stream().map(Pending::eventId).toList())); // seen before: written once
        Map<String, String> accountOfMessage = new HashMap<>();
        batch.stream().filter(p -> p.account() != null && p.messageId() != null)
                .forEach(p -> accountOfMessage.putIfAbsent(p.messageId(), p.account()));
        Set<String> unknown = new HashSet<>();
        batch.stream().filter(p -> p.account() == null && !accountOfMessage.containsKey(p.messageId()))
                .forEach(p -> unknown.add(p.messageId()));
        if (!unknown.isEmpty()) {
            ACCOUNTS_OF_MESSAGES.forEachRow(db, row -> accountOfMessage.putIfAbsent(row.getString(1), row.getString(2)),
                    unknown);
        }
        List<Pending> resolved = new ArrayList<>();
        for (Pending pending : batch) {
            if (!written.add(pending.eventId())) {
                continue;
            }
            String account = pending.account() != null ? pending.account() : accountOfMessage.get(pending.messageId());
            if (account == null) {
                throw new IllegalStateException("no account known for message " + pending.messageId()
                        + "; its acceptance comes first");
            }
            resolved.add(pending.account() != null ? pending : new Pending(account, pending.type(), pending.messageId(),
                    pending.sequence(), pending.eventId(), pending.occurredAt(), pending.data(), pending.webhookUrl()));
        }
        if (resolved.isEmpty()) {
            return;
        }
        Map<String, Long> last = new HashMap<>();
        LAST_POSITIONS.forEachRow(db, row -> last.put(row.getString(1), row.getLong(2)),
                resolved.stream().map(Pending::account).distinct().toList());
        List<Object[]> rows = new ArrayList<>(resolved.size());
        for (Pending p : resolved) {
            long position = last.merge(p.account(), 1L, (previous, one) -> previous + 1);
            rows.add(new Object[]{p.account(), position, p.eventId(), p.type(), p.messageId(), p.sequence(),
                    p.occurredAt(), p.data(), p.webhookUrl()});
        }
        INSERT.executeBatch(db, rows);
    }

    /* The statements of every batch: SQL written once (PreparedSql); the insert bound once per row, one JDBC batch. */
    private static final PreparedSql WRITTEN = new PreparedSql("SELECT event_id FROM account_event WHERE event_id = ANY(?)");
    private static final PreparedSql ACCOUNTS_OF_MESSAGES = new PreparedSql(
            "SELECT DISTINCT message_id, account_id FROM account_event WHERE message_id = ANY(?)");
    private static final PreparedSql LAST_POSITIONS = new PreparedSql(
            "SELECT account_id, max(position) FROM account_event WHERE account_id = ANY(?) GROUP BY account_id");
    private static final PreparedSql INSERT = new PreparedSql("""
            INSERT INTO account_event (account_id, position, event_id, type, message_id, sequence, occurred_at, data,
                webhook_url)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""");

    /** A price as the feed shows it: amounts as decimal strings, never binary fractions. */
    static Map<String, Object> cost(io.attest.gateway.domain.cost.MessageCost cost) {
        if (cost == null) {
            return null;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("amount", cost.total().plain());
        data.put("currency", cost.total().currency().getCurrencyCode());
        data.put("segments", cost.segments());
        data.put("perSegment", cost.perSegment().plain());
        data.put("carrierFee", cost.carrierFee().plain());
        data.put("carrier", cost.carrier());
        data.put("route", cost.connection());
        data.put("trafficClass", cost.trafficClass().name());
        data.put("rateCard", cost.rateCard().toString());
        return data;
    }

    private static String data(Object... keysAndValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            data.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return JSONObject.toJSONString(data);
    }
}
