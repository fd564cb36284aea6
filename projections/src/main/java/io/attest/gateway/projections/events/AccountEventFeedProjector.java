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
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.tools.json.JSONObject;

import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.attest.gateway.projections.jooq.Tables.ACCOUNT_EVENT;

/**
 * Numbers each account's client-facing events without gaps, in event-store order (one tracking processor
 * thread). An event seen twice is written once.
 */
public class AccountEventFeedProjector {

    private final DSLContext db;

    public AccountEventFeedProjector(DSLContext db) {
        this.db = db;
    }

    @EventHandler
    public void on(MessageAccepted e, @SequenceNumber long sequence, EventMessage<?> message) {
        append(e.accountId().value(), "message.accepted", e.messageId().value(), sequence, message, data(
                "from", e.from().e164(), "to", e.to().e164(), "encoding", e.encoding() == io.attest.gateway.domain.message.TextEncoding.GSM_7 ? "GSM-7" : "UCS-2", "segments", e.segments(),
                "campaignId", e.campaignId() == null ? null : e.campaignId().value(), "purpose", e.purpose().name()),
                e.webhookUrl());
    }

    @EventHandler
    public void on(MessageHeld e, @SequenceNumber long sequence, EventMessage<?> message) {
        appendForMessage("message.held", e.messageId().value(), sequence, message,
                data("rule", e.rule(), "until", e.until().toString(), "reason", e.reason()));
    }

    @EventHandler
    public void on(MessageBlocked e, @SequenceNumber long sequence, EventMessage<?> message) {
        appendForMessage("message.blocked", e.messageId().value(), sequence, message,
                data("rule", e.rule(), "reason", e.reason()));
    }

    @EventHandler
    public void on(MessageSubmitted e, @SequenceNumber long sequence, EventMessage<?> message) {
        appendForMessage("message.submitted", e.messageId().value(), sequence, message,
                data("carrierMessageId", e.carrierMessageId().value()));
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
                "from", e.from().e164(), "to", e.to().e164(), "text", e.text(),
                "campaignId", e.campaignId() == null ? null : e.campaignId().value(),
                "intent", e.intent().name(), "matchedRule", e.matchedRule()));
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
        String account = db.select(ACCOUNT_EVENT.ACCOUNT_ID).from(ACCOUNT_EVENT)
                .where(ACCOUNT_EVENT.MESSAGE_ID.eq(messageId)).limit(1).fetchOne(ACCOUNT_EVENT.ACCOUNT_ID);
        if (account == null) {
            throw new IllegalStateException("no account known for message " + messageId + "; its acceptance comes first");
        }
        append(account, type, messageId, sequence, message, data);
    }

    private void append(String account, String type, String messageId, long sequence, EventMessage<?> message,
                        String data) {
        append(account, type, messageId, sequence, message, data, null);
    }

    private void append(String account, String type, String messageId, long sequence, EventMessage<?> message,
                        String data, String webhookUrl) {
        AccountId.of(account);
        long next = db.select(DSL.coalesce(DSL.max(ACCOUNT_EVENT.POSITION), 0L)).from(ACCOUNT_EVENT)
                .where(ACCOUNT_EVENT.ACCOUNT_ID.eq(account)).fetchOne(0, Long.class) + 1;
        db.insertInto(ACCOUNT_EVENT)
                .set(ACCOUNT_EVENT.ACCOUNT_ID, account)
                .set(ACCOUNT_EVENT.POSITION, next)
                .set(ACCOUNT_EVENT.EVENT_ID, message.getIdentifier())
                .set(ACCOUNT_EVENT.TYPE, type)
                .set(ACCOUNT_EVENT.MESSAGE_ID, messageId)
                .set(ACCOUNT_EVENT.SEQUENCE, sequence)
                .set(ACCOUNT_EVENT.OCCURRED_AT, message.getTimestamp().atOffset(ZoneOffset.UTC))
                .set(ACCOUNT_EVENT.DATA, data)
                .set(ACCOUNT_EVENT.WEBHOOK_URL, webhookUrl)
                .onConflictDoNothing()
                .execute();
    }

    private static String data(Object... keysAndValues) {
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            data.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return JSONObject.toJSONString(data);
    }
}
