package io.attest.gateway.projections.events;

import io.attest.gateway.application.events.port.in.EventFeedQuery;
import io.attest.gateway.domain.shared.AccountId;
import org.jooq.DSLContext;

import java.util.List;

import static io.attest.gateway.projections.jooq.Tables.ACCOUNT_EVENT;

/** Reads one account's event feed; never another account's. */
public class AccountEventFeedQueries implements EventFeedQuery {

    private final DSLContext db;

    public AccountEventFeedQueries(DSLContext db) {
        this.db = db;
    }

    @Override
    public List<FeedEvent> after(AccountId account, long position, int limit) {
        return db.selectFrom(ACCOUNT_EVENT)
                .where(ACCOUNT_EVENT.ACCOUNT_ID.eq(account.value()))
                .and(ACCOUNT_EVENT.POSITION.gt(position))
                .orderBy(ACCOUNT_EVENT.POSITION)
                .limit(limit)
                .fetch(r -> new FeedEvent(r.getPosition(), r.getEventId(), r.getType(), r.getMessageId(), r.getSequence(),
                        r.getOccurredAt().toInstant(), r.getData()));
    }
}
