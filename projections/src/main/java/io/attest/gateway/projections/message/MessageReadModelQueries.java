package io.attest.gateway.projections.message;

import io.attest.gateway.domain.cost.Money;

import io.attest.gateway.application.message.port.in.MessageView;
import io.attest.gateway.application.message.port.in.MessageView.TimelineEntry;
import io.attest.gateway.application.message.port.out.MessageReadModelPort;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageEvent;
import io.attest.gateway.domain.message.MessageSubmitted;
import org.jooq.DSLContext;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.attest.gateway.projections.jooq.Tables.DELIVERY_STATUS;
import static io.attest.gateway.projections.jooq.Tables.MESSAGE_TIMELINE;

/**
 * Reads the message read model. Every query is filtered by the owning account. A message the read model has not
 * caught up with yet (it is written a moment after the events, by a tracking processor) is read from its events in
 * the event store, so a client reading its message right after the 202 gets it, never a 404.
 */
public class MessageReadModelQueries implements MessageReadModelPort {

    private final DSLContext db;
    private final ComplianceHistoryPort events;

    public MessageReadModelQueries(DSLContext db) {
        this(db, null);
    }

    /** @param events the messages' events straight from the event store; null to answer from the read model alone */
    public MessageReadModelQueries(DSLContext db, ComplianceHistoryPort events) {
        this.db = db;
        this.events = events;
    }

    @Override
    public Optional<MessageView> load(AccountId accountId, MessageId messageId) {
        // the row and its timeline in one statement, so from one snapshot: read apart, a batch of the read model's
        // processor committed between them could pair the row's older status with the newer timeline (a held message
        // shown as accepted, with a timeline that says it is held)
        var rows = db.select().from(DELIVERY_STATUS)
                .leftJoin(MESSAGE_TIMELINE).on(MESSAGE_TIMELINE.MESSAGE_ID.eq(DELIVERY_STATUS.MESSAGE_ID))
                .where(DELIVERY_STATUS.MESSAGE_ID.eq(messageId.value()))
                .and(DELIVERY_STATUS.ACCOUNT_ID.eq(accountId.value()))
                .orderBy(MESSAGE_TIMELINE.SEQUENCE)
                .fetch();
        if (rows.isEmpty()) {
            return events == null ? Optional.empty() : fromEvents(accountId, messageId);
        }
        var row = rows.getFirst().into(DELIVERY_STATUS);
        List<TimelineEntry> timeline = rows.stream().filter(step -> step.get(MESSAGE_TIMELINE.SEQUENCE) != null)
                .map(step -> new TimelineEntry(step.get(MESSAGE_TIMELINE.SEQUENCE),
                        MessageStatus.valueOf(step.get(MESSAGE_TIMELINE.STATUS)), step.get(MESSAGE_TIMELINE.EVENT),
                        step.get(MESSAGE_TIMELINE.OCCURRED_AT).toInstant(), step.get(MESSAGE_TIMELINE.CARRIER_MESSAGE_ID),
                        step.get(MESSAGE_TIMELINE.DETAIL)))
                .toList();
        if (events != null && (timeline.isEmpty()
                || timeline.getLast().sequence() < events.lastSequence(messageId.value()))) {
            // the read model has part of the message's events: a batch of its processor can end between two events
            // one command recorded together. The client sees what was recorded, not the half of it.
            Optional<MessageView> folded = fromEvents(accountId, messageId);
            if (folded.isPresent()) {
                return folded;
            }
        }
        java.util.Currency currency = row.getCostCurrency() == null ? null
                : java.util.Currency.getInstance(row.getCostCurrency().trim());
        return Optional.of(new MessageView(row.getMessageId(), row.getAccountId(), row.getSender(), row.getRecipient(),
                TextEncoding.valueOf(row.getEncoding()), row.getSegments(), MessageStatus.valueOf(row.getStatus()),
                row.getCarrierMessageId(), row.getAcceptedAt().toInstant(), row.getUpdatedAt().toInstant(), timeline,
                money(row.getEstimatedCost(), currency), money(row.getChargedCost(), currency)));
    }

    private static Money money(java.math.BigDecimal amount, java.util.Currency currency) {
        return amount == null || currency == null ? null : new Money(amount, currency);
    }

    /** The message as the read model will show it, folded from its events; empty when it is not the account's. */
    private Optional<MessageView> fromEvents(AccountId accountId, MessageId messageId) {
        var history = events.history(messageId.value(), MessageEvent.class);
        if (history.isEmpty() || !(history.getFirst().event() instanceof MessageAccepted accepted)
                || !accepted.accountId().equals(accountId)) {
            return Optional.empty();
        }
        MessageStatus status = MessageStatus.ACCEPTED;
        String carrierMessageId = null;
        Money charged = null;
        Instant updatedAt = history.getFirst().at();
        List<TimelineEntry> timeline = new ArrayList<>(history.size());
        for (var recorded : history) {
            var step = MessageReadModelProjector.describe(recorded.event());
            if (step.changesStatus()) {
                status = step.status();
                updatedAt = recorded.at();
            }
            if (recorded.event() instanceof MessageSubmitted submitted) {
                carrierMessageId = submitted.carrierMessageId().value();
                if (submitted.charge() != null) {
                    charged = charged == null ? submitted.charge().total() : charged.plus(submitted.charge().total());
                }
            }
            timeline.add(new TimelineEntry(recorded.sequence(), step.status() != null ? step.status() : status,
                    recorded.event().getClass().getSimpleName(), recorded.at(), step.carrierMessageId(), step.detail()));
        }
        return Optional.of(new MessageView(accepted.messageId().value(), accepted.accountId().value(),
                accepted.from().e164(), accepted.to().e164(), accepted.encoding(), accepted.segments(), status,
                carrierMessageId, history.getFirst().at(), updatedAt, timeline,
                accepted.estimate() == null ? null : accepted.estimate().total(), charged));
    }
}
