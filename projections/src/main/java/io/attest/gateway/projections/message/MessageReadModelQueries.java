package io.attest.gateway.projections.message;

import io.attest.gateway.application.message.port.in.MessageView;
import io.attest.gateway.application.message.port.in.MessageView.TimelineEntry;
import io.attest.gateway.application.message.port.out.MessageReadModelPort;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.AccountId;
import org.jooq.DSLContext;

import java.util.List;
import java.util.Optional;

import static io.attest.gateway.projections.jooq.Tables.DELIVERY_STATUS;
import static io.attest.gateway.projections.jooq.Tables.MESSAGE_TIMELINE;

/** Reads the message read model. Every query is filtered by the owning account. */
public class MessageReadModelQueries implements MessageReadModelPort {

    private final DSLContext db;

    public MessageReadModelQueries(DSLContext db) {
        this.db = db;
    }

    @Override
    public Optional<MessageView> load(AccountId accountId, MessageId messageId) {
        var row = db.selectFrom(DELIVERY_STATUS)
                .where(DELIVERY_STATUS.MESSAGE_ID.eq(messageId.value()))
                .and(DELIVERY_STATUS.ACCOUNT_ID.eq(accountId.value()))
                .fetchOne();
        if (row == null) {
            return Optional.empty();
        }
        List<TimelineEntry> timeline = db.selectFrom(MESSAGE_TIMELINE)
                .where(MESSAGE_TIMELINE.MESSAGE_ID.eq(messageId.value()))
                .orderBy(MESSAGE_TIMELINE.SEQUENCE)
                .fetch(step -> new TimelineEntry(step.getSequence(), MessageStatus.valueOf(step.getStatus()),
                        step.getEvent(), step.getOccurredAt().toInstant(), step.getCarrierMessageId(), step.getDetail()));
        return Optional.of(new MessageView(row.getMessageId(), row.getAccountId(), row.getSender(), row.getRecipient(),
                TextEncoding.valueOf(row.getEncoding()), row.getSegments(), MessageStatus.valueOf(row.getStatus()),
                row.getCarrierMessageId(), row.getAcceptedAt().toInstant(), row.getUpdatedAt().toInstant(), timeline));
    }
}
