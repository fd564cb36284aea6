package io.attest.gateway.projections.events;

import io.attest.gateway.application.events.port.in.EventFeedQuery;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.projections.sql.PreparedSql;
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

    /**
     * The webhook fan-out's read, every poll while events arrive: SQL written once. A message's own webhook URL is on
     * its message.accepted row, so every event of the message finds it there.
     */
    private static final PreparedSql ALL_AFTER = new PreparedSql("""
            SELECT e.feed_id, e.account_id, e.position, e.event_id, e.type, e.message_id, e.sequence, e.occurred_at,
                e.data, accepted.webhook_url
            FROM account_event e
            LEFT JOIN account_event accepted ON accepted.message_id = e.message_id
                AND accepted.account_id = e.account_id AND accepted.type = 'message.accepted'
            WHERE e.feed_id > ?
            ORDER BY e.feed_id
            LIMIT ?""");

    @Override
    public List<AccountFeedEvent> allAfter(long feedId, int limit) {
        return ALL_AFTER.fetch(db, row -> new AccountFeedEvent(row.getLong(1), row.getString(2),
                new FeedEvent(row.getLong(3), row.getString(4), row.getString(5), row.getString(6), row.getLong(7),
                        row.getObject(8, java.time.OffsetDateTime.class).toInstant(), row.getString(9)),
                row.getString(10)), feedId, limit);
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
