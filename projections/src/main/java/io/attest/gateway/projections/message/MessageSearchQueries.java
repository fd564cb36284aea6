package io.attest.gateway.projections.message;

import io.attest.gateway.application.message.port.in.SearchMessagesQuery;
import io.attest.gateway.application.message.port.out.SealMessageTextPort;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import org.jooq.Condition;
import org.jooq.Cursor;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Select;
import org.jooq.SelectLimitPercentStep;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

import static io.attest.gateway.projections.jooq.Tables.ACCOUNT_EVENT;
import static io.attest.gateway.projections.jooq.Tables.DELIVERY_STATUS;

/**
 * Searches an account's messages, newest first, with a cursor that names the last message of a page (keyset paging:
 * a page costs the same however deep it is). Sent messages come from {@code delivery_status}, one index per filter
 * ({@code V110}); several statuses are searched as one ordered scan per status, merged. Received messages come from
 * the account's feed ({@code message.received}). Every query is bounded to the account asking.
 */
public class MessageSearchQueries implements SearchMessagesQuery {

    private static final Field<String> RECEIVED_FROM = DSL.field("(({0})::jsonb ->> 'from')", SQLDataType.VARCHAR,
            ACCOUNT_EVENT.DATA);
    private static final Field<String> RECEIVED_TO = DSL.field("(({0})::jsonb ->> 'to')", SQLDataType.VARCHAR,
            ACCOUNT_EVENT.DATA);
    private static final Field<String> RECEIVED_CAMPAIGN = DSL.field("(({0})::jsonb ->> 'campaignId')",
            SQLDataType.VARCHAR, ACCOUNT_EVENT.DATA);
    private static final Field<String> RECEIVED_TEXT = DSL.field("(({0})::jsonb ->> 'text')", SQLDataType.VARCHAR,
            ACCOUNT_EVENT.DATA);
    private static final Field<String> RECEIVED_INTENT = DSL.field("(({0})::jsonb ->> 'intent')", SQLDataType.VARCHAR,
            ACCOUNT_EVENT.DATA);
    /** Rows fetched at a time while a download streams. */
    private static final int FETCH_SIZE = 1000;

    private final DSLContext db;
    private final SealMessageTextPort texts;

    public MessageSearchQueries(DSLContext db, SealMessageTextPort texts) {
        this.db = db;
        this.texts = texts;
    }

    @Override
    public Page search(Search search) {
        List<Found> found = new ArrayList<>(search.limit() + 1);
        if (search.direction() == Direction.OUTBOUND) {
            sent(search, search.limit() + 1).forEach(row -> found.add(sent(row)));
        } else {
            received(search, search.limit() + 1).forEach(row -> found.add(received(row)));
        }
        if (found.size() <= search.limit()) {
            return new Page(found, null);
        }
        List<Found> page = found.subList(0, search.limit());
        return new Page(List.copyOf(page), cursorAfter(page.getLast()));
    }

    @Override
    public void forEach(Search search, Consumer<Found> each) {
        db.transaction(configuration -> { // PostgreSQL streams a result with a fetch size only inside a transaction
            DSLContext tx = DSL.using(configuration);
            if (search.direction() == Direction.OUTBOUND) {
                try (Cursor<? extends Record> rows = tx.fetchLazy(sentQuery(tx, search, Integer.MAX_VALUE))) {
                    rows.forEach(row -> each.accept(sent(row)));
                }
            } else {
                try (Cursor<? extends Record> rows = tx.fetchLazy(receivedQuery(tx, search, Integer.MAX_VALUE))) {
                    rows.forEach(row -> each.accept(received(row)));
                }
            }
        });
    }

    private List<? extends Record> sent(Search search, int limit) {
        return sentQuery(db, search, limit).fetch();
    }

    private List<? extends Record> received(Search search, int limit) {
        return receivedQuery(db, search, limit).fetch();
    }

    private Select<? extends Record> sentQuery(DSLContext db, Search search, int limit) {
        var d = DELIVERY_STATUS;
        Condition where = d.ACCOUNT_ID.eq(search.account().value());
        if (search.to() != null) {
            where = where.and(d.RECIPIENT.eq(search.to()));
        }
        if (search.from() != null) {
            where = where.and(d.SENDER.eq(search.from()));
        }
        if (search.campaignId() != null) {
            where = where.and(d.CAMPAIGN_ID.eq(search.campaignId()));
        }
        if (search.since() != null) {
            where = where.and(d.ACCEPTED_AT.ge(at(search.since())));
        }
        if (search.until() != null) {
            where = where.and(d.ACCEPTED_AT.lt(at(search.until())));
        }
        if (search.cursor() != null) {
            SentCursor after = SentCursor.parse(search.cursor());
            where = where.and(d.ACCEPTED_AT.le(at(after.acceptedAt()))) // the index's bound; the row breaks ties
                    .and(DSL.row(d.ACCEPTED_AT, d.MESSAGE_ID).lt(at(after.acceptedAt()), after.messageId()));
        }
        var fields = List.<Field<?>>of(d.MESSAGE_ID, d.SENDER, d.RECIPIENT, d.STATUS, d.ACCEPTED_AT, d.CAMPAIGN_ID,
                d.SEGMENTS);
        if (search.statuses().size() <= 1) {
            Condition filtered = search.statuses().isEmpty() ? where
                    : where.and(d.STATUS.eq(search.statuses().iterator().next().name()));
            return db.select(fields).from(d).where(filtered)
                    .orderBy(d.ACCEPTED_AT.desc(), d.MESSAGE_ID.desc()).limit(limit);
        }
        // one ordered index scan per status, each stopping at the page's size, merged: an IN list would read every
        // message of those statuses to sort them
        Select<Record> union = null;
        for (MessageStatus status : search.statuses()) {
            SelectLimitPercentStep<Record> one = db.select(fields).from(d).where(where.and(d.STATUS.eq(status.name())))
                    .orderBy(d.ACCEPTED_AT.desc(), d.MESSAGE_ID.desc()).limit(limit);
            union = union == null ? one : union.unionAll(one);
        }
        Table<Record> merged = union.asTable("merged");
        return db.selectFrom(merged)
                .orderBy(merged.field(d.ACCEPTED_AT).desc(), merged.field(d.MESSAGE_ID).desc()).limit(limit);
    }

    private Select<? extends Record> receivedQuery(DSLContext db, Search search, int limit) {
        var e = ACCOUNT_EVENT;
        Condition where = e.ACCOUNT_ID.eq(search.account().value()).and(e.TYPE.eq("message.received"));
        if (search.from() != null) {
            where = where.and(RECEIVED_FROM.eq(search.from()));
        }
        if (search.to() != null) {
            where = where.and(RECEIVED_TO.eq(search.to()));
        }
        if (search.campaignId() != null) {
            where = where.and(RECEIVED_CAMPAIGN.eq(search.campaignId()));
        }
        if (search.since() != null) {
            where = where.and(e.OCCURRED_AT.ge(at(search.since())));
        }
        if (search.until() != null) {
            where = where.and(e.OCCURRED_AT.lt(at(search.until())));
        }
        if (search.cursor() != null) {
            where = where.and(e.POSITION.lt(ReceivedCursor.parse(search.cursor())));
        }
        return db.select(e.POSITION, e.MESSAGE_ID, e.OCCURRED_AT, RECEIVED_FROM.as("received_from"),
                        RECEIVED_TO.as("received_to"), RECEIVED_CAMPAIGN.as("received_campaign"),
                        RECEIVED_TEXT.as("received_text"), RECEIVED_INTENT.as("received_intent"))
                .from(e).where(where)
                .orderBy(e.POSITION.desc()).limit(limit);
    }

    private static Found sent(Record row) {
        var d = DELIVERY_STATUS;
        return new Found(row.get(d.MESSAGE_ID), Direction.OUTBOUND, row.get(d.SENDER), row.get(d.RECIPIENT),
                MessageStatus.valueOf(row.get(d.STATUS)), row.get(d.ACCEPTED_AT).toInstant(), row.get(d.CAMPAIGN_ID),
                row.get(d.SEGMENTS), null, null, null);
    }

    private Found received(Record row) {
        var e = ACCOUNT_EVENT;
        String text = row.get("received_text", String.class);
        return new Found(row.get(e.MESSAGE_ID), Direction.INBOUND, row.get("received_from", String.class),
                row.get("received_to", String.class), null, row.get(e.OCCURRED_AT).toInstant(),
                row.get("received_campaign", String.class), null, text == null ? null : texts.unseal(text),
                row.get("received_intent", String.class), row.get(e.POSITION));
    }

    /** The cursor after a page's last message: where the next page starts. */
    private static String cursorAfter(Found last) {
        return last.direction() == Direction.OUTBOUND ? new SentCursor(last.at(), last.id()).encode()
                : ReceivedCursor.encode(last.position());
    }

    private static OffsetDateTime at(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** After a sent message: its acceptance time (to the microsecond, as stored) and id. Opaque to clients. */
    record SentCursor(Instant acceptedAt, String messageId) {

        String encode() {
            long micros = ChronoUnit.MICROS.between(Instant.EPOCH, acceptedAt);
            return "o" + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((micros + ":" + messageId).getBytes(StandardCharsets.UTF_8));
        }

        static SentCursor parse(String cursor) {
            try {
                if (!cursor.startsWith("o")) {
                    throw new IllegalArgumentException("not a cursor of sent messages");
                }
                String text = new String(Base64.getUrlDecoder().decode(cursor.substring(1)), StandardCharsets.UTF_8);
                int colon = text.indexOf(':');
                long micros = Long.parseLong(text.substring(0, colon));
                String id = text.substring(colon + 1);
                if (id.isEmpty() || id.length() > 64) {
                    throw new IllegalArgumentException("no message id");
                }
                return new SentCursor(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), id);
            } catch (RuntimeException e) {
                throw badCursor();
            }
        }
    }

    /** After a received message: its position in the account's feed. Opaque to clients. */
    static final class ReceivedCursor {

        static String encode(long position) {
            return "i" + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(Long.toString(position).getBytes(StandardCharsets.UTF_8));
        }

        static long parse(String cursor) {
            try {
                if (!cursor.startsWith("i")) {
                    throw new IllegalArgumentException("not a cursor of received messages");
                }
                long position = Long.parseLong(new String(Base64.getUrlDecoder().decode(cursor.substring(1)),
                        StandardCharsets.UTF_8));
                if (position < 0) {
                    throw new IllegalArgumentException("negative");
                }
                return position;
            } catch (RuntimeException e) {
                throw badCursor();
            }
        }
    }

    private static InvalidInputException badCursor() {
        return new InvalidInputException(ErrorCode.INVALID_REQUEST,
                "cursor is not one this search gave out: pass the nextCursor of the page before, unchanged");
    }
}
