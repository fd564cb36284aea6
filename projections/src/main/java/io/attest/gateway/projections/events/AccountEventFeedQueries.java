package io.attest.gateway.projections.events;

import io.attest.gateway.application.events.port.in.EventFeedQuery;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.projections.jooq.tables.AccountEvent;
import io.attest.gateway.projections.jooq.tables.records.AccountEventRecord;
import io.attest.gateway.application.message.port.out.SealMessageTextPort;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

import java.util.Collection;
import java.util.List;
import java.util.Map;

import static io.attest.gateway.projections.jooq.Tables.ACCOUNT_EVENT;
import static io.attest.gateway.projections.jooq.Tables.DELIVERY_STATUS;

/**
 * Reads one account's event feed; never another account's. The gateway-wide order is for the webhook fan-out, which
 * keeps texts sealed: a webhook delivery opens them when it is sent.
 */
public class AccountEventFeedQueries implements EventFeedQuery {

    private final DSLContext db;
    private final SealMessageTextPort texts;

    public AccountEventFeedQueries(DSLContext db, SealMessageTextPort texts) {
        this.db = db;
        this.texts = texts;
    }

    @Override
    public List<FeedEvent> after(AccountId account, long position, int limit) {
        return db.selectFrom(ACCOUNT_EVENT)
                .where(ACCOUNT_EVENT.ACCOUNT_ID.eq(account.value()))
                .and(ACCOUNT_EVENT.POSITION.gt(position))
                .orderBy(ACCOUNT_EVENT.POSITION)
                .limit(limit)
                .fetch(this::opened);
    }

    @Override
    public List<FeedEvent> ofType(AccountId account, String type, long position, int limit) {
        return db.selectFrom(ACCOUNT_EVENT)
                .where(ACCOUNT_EVENT.ACCOUNT_ID.eq(account.value()))
                .and(ACCOUNT_EVENT.TYPE.eq(type))
                .and(ACCOUNT_EVENT.POSITION.gt(position))
                .orderBy(ACCOUNT_EVENT.POSITION)
                .limit(limit)
                .fetch(this::opened);
    }

    @Override
    public List<AccountFeedEvent> allAfter(long feedId, int limit) {
        AccountEvent accepted = ACCOUNT_EVENT.as("accepted");
        return db.select(ACCOUNT_EVENT.asterisk(), accepted.WEBHOOK_URL.as("message_webhook_url"))
                .from(ACCOUNT_EVENT)
                .leftJoin(accepted).on(accepted.MESSAGE_ID.eq(ACCOUNT_EVENT.MESSAGE_ID)
                        .and(accepted.ACCOUNT_ID.eq(ACCOUNT_EVENT.ACCOUNT_ID))
                        .and(accepted.TYPE.eq("message.accepted")))
                .where(ACCOUNT_EVENT.FEED_ID.gt(feedId))
                .orderBy(ACCOUNT_EVENT.FEED_ID)
                .limit(limit)
                .fetch(r -> {
                    AccountEventRecord row = r.into(ACCOUNT_EVENT);
                    return new AccountFeedEvent(row.getFeedId(), row.getAccountId(), event(row),
                            r.get("message_webhook_url", String.class));
                });
    }

    @Override
    public long lastFeedId() {
        Long last = db.select(DSL.max(ACCOUNT_EVENT.FEED_ID)).from(ACCOUNT_EVENT).fetchOne(0, Long.class);
        return last == null ? 0 : last;
    }

    @Override
    public Map<String, String> statusOf(AccountId account, Collection<String> messageIds) {
        return db.select(DELIVERY_STATUS.MESSAGE_ID, DELIVERY_STATUS.STATUS).from(DELIVERY_STATUS)
                .where(DELIVERY_STATUS.ACCOUNT_ID.eq(account.value()))
                .and(DELIVERY_STATUS.MESSAGE_ID.in(messageIds))
                .fetchMap(DELIVERY_STATUS.MESSAGE_ID, DELIVERY_STATUS.STATUS);
    }

    /** The event as a client reads it: its text opened. */
    private FeedEvent opened(AccountEventRecord r) {
        FeedEvent event = event(r);
        return new FeedEvent(event.position(), event.id(), event.type(), event.messageId(), event.sequence(),
                event.occurredAt(), texts.unsealWithin(event.data()));
    }

    private static FeedEvent event(AccountEventRecord r) {
        return new FeedEvent(r.getPosition(), r.getEventId(), r.getType(), r.getMessageId(), r.getSequence(),
                r.getOccurredAt().toInstant(), r.getData());
    }
}
