package io.attest.gateway.projections.message;

import io.attest.gateway.application.message.port.in.SearchMessagesQuery.Direction;
import io.attest.gateway.application.message.port.in.SearchMessagesQuery.Found;
import io.attest.gateway.application.message.port.in.SearchMessagesQuery.Page;
import io.attest.gateway.application.message.port.in.SearchMessagesQuery.Search;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.projections.TestDatabase;
import io.attest.gateway.projections.support.PlainTexts;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Searching messages on a real PostgreSQL: order, cursors, each filter, and accounts kept apart. */
class MessageSearchQueriesTest {

    private static final AccountId ACME = AccountId.of("acme");
    private static final Instant T0 = Instant.parse("2026-12-01T12:00:00.123456Z");

    @RegisterExtension
    static final TestDatabase.PerClass database = TestDatabase.perClass();
    private final DSLContext db = database.db();
    private final MessageSearchQueries queries = new MessageSearchQueries(db, new PlainTexts());

    @BeforeEach
    void emptyTables() {
        db.execute("TRUNCATE delivery_status, message_timeline, account_event");
    }

    @Test
    void pagesRunNewestFirstAndJoinUpWithoutGapsOrRepeatsEvenWhenMessagesShareAnInstant() {
        for (int i = 0; i < 25; i++) {
            // pairs of messages accepted in the same microsecond: the id decides between them
            sent("m-" + (char) ('a' + i), "acme", "+15551234567", "+1555765000" + (i % 3), "DELIVERED", "acme-otp",
                    T0.plusSeconds(i / 2));
        }
        sent("g-1", "globex", "+15559876543", "+15557650000", "DELIVERED", null, T0.plusSeconds(100));

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Page page = queries.search(outbound(null, null, Set.of(), null, null, null, cursor, 7));
            page.messages().forEach(m -> seen.add(m.id()));
            cursor = page.nextCursor();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(4);
        List<String> expected = new ArrayList<>();
        for (int i = 24; i >= 0; i--) {
            expected.add("m-" + (char) ('a' + i));
        }
        assertThat(seen).containsExactlyElementsOf(expected);
    }

    @Test
    void eachFilterNarrowsTheSearch() {
        sent("m-1", "acme", "+15551234567", "+15557650001", "DELIVERED", "acme-otp", T0);
        sent("m-2", "acme", "+15551234567", "+15557650002", "FAILED", "acme-otp", T0.plusSeconds(1));
        sent("m-3", "acme", "+15551230000", "+15557650001", "BLOCKED", "acme-promo", T0.plusSeconds(2));
        sent("m-4", "acme", "+15551234567", "+15557650001", "HELD", null, T0.plusSeconds(3));
        sent("m-5", "acme", "+15551234567", "+15557650001", "DELIVERED", "acme-otp", T0.plusSeconds(4));

        assertThat(ids(outbound("+15557650001", null, Set.of(), null, null, null, null, 100)))
                .containsExactly("m-5", "m-4", "m-3", "m-1");
        assertThat(ids(outbound(null, "+15551230000", Set.of(), null, null, null, null, 100))).containsExactly("m-3");
        assertThat(ids(outbound(null, null, Set.of(), "acme-otp", null, null, null, 100)))
                .containsExactly("m-5", "m-2", "m-1");
        assertThat(ids(outbound(null, null, Set.of(MessageStatus.DELIVERED), null, null, null, null, 100)))
                .containsExactly("m-5", "m-1");
        assertThat(ids(outbound(null, null, Set.of(MessageStatus.DELIVERED, MessageStatus.FAILED, MessageStatus.HELD),
                null, null, null, null, 100))).containsExactly("m-5", "m-4", "m-2", "m-1");
        assertThat(ids(outbound(null, null, Set.of(), null, T0.plusSeconds(1), T0.plusSeconds(4), null, 100)))
                .as("since is inclusive, until is not").containsExactly("m-4", "m-3", "m-2");
        assertThat(ids(outbound("+15557650001", null, Set.of(MessageStatus.DELIVERED), "acme-otp", null, null, null,
                100))).containsExactly("m-5", "m-1");
    }

    @Test
    void severalStatusesArePagedInOneOrderAcrossThem() {
        for (int i = 0; i < 12; i++) {
            sent("m-" + (100 + i), "acme", "+15551234567", "+15557650001", i % 2 == 0 ? "DELIVERED" : "FAILED", null,
                    T0.plusSeconds(i));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            Page page = queries.search(outbound(null, null, Set.of(MessageStatus.DELIVERED, MessageStatus.FAILED), null,
                    null, null, cursor, 5));
            page.messages().forEach(m -> seen.add(m.id()));
            cursor = page.nextCursor();
        } while (cursor != null);

        assertThat(seen).containsExactly("m-111", "m-110", "m-109", "m-108", "m-107", "m-106", "m-105", "m-104",
                "m-103", "m-102", "m-101", "m-100");
    }

    @Test
    void anotherAccountsMessagesAreNeverFound() {
        sent("g-1", "globex", "+15559876543", "+15557650001", "DELIVERED", "globex-alerts", T0);
        received(1, "i-g", "globex", "+15557650001", "+15559876543", "stop", T0);

        assertThat(ids(outbound("+15557650001", null, Set.of(), null, null, null, null, 100))).isEmpty();
        assertThat(ids(outbound(null, "+15559876543", Set.of(), "globex-alerts", null, null, null, 100))).isEmpty();
        assertThat(ids(inbound("+15557650001", null, null))).isEmpty();
    }

    @Test
    void receivedMessagesAreFoundBySubscriberAndByNumberNewestFirstWithTheirText() {
        received(3, "i-1", "acme", "+15557650001", "+15551234567", "See you at 5", T0);
        received(7, "i-2", "acme", "+15557650002", "+15551234567", "STOP", T0.plusSeconds(1));
        received(9, "i-3", "acme", "+15557650001", "+15551230000", "Thanks", T0.plusSeconds(2));

        Page all = queries.search(inbound(null, null, null));
        assertThat(all.messages()).extracting(Found::id).containsExactly("i-3", "i-2", "i-1");
        assertThat(all.messages().getLast().text()).isEqualTo("See you at 5");
        assertThat(all.messages().getLast().direction()).isEqualTo(Direction.INBOUND);
        assertThat(all.messages().getLast().position()).isEqualTo(3L);
        assertThat(queries.search(inbound("+15557650001", null, null)).messages()).extracting(Found::id)
                .containsExactly("i-3", "i-1");
        assertThat(queries.search(inbound(null, "+15551230000", null)).messages()).extracting(Found::id)
                .containsExactly("i-3");

        Page first = queries.search(new Search(ACME, Direction.INBOUND, null, null, Set.of(), null, null, null, null, 2));
        assertThat(first.messages()).extracting(Found::id).containsExactly("i-3", "i-2");
        Page second = queries.search(new Search(ACME, Direction.INBOUND, null, null, Set.of(), null, null, null,
                first.nextCursor(), 2));
        assertThat(second.messages()).extracting(Found::id).containsExactly("i-1");
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void aCursorThisSearchDidNotGiveOutIsRefused() {
        sent("m-1", "acme", "+15551234567", "+15557650001", "DELIVERED", null, T0);
        received(1, "i-1", "acme", "+15557650001", "+15551234567", "hi", T0);
        String inboundCursor = "i" + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString("1".getBytes());

        for (String bad : List.of("garbage", "o", "o!!!", "oMTIz", inboundCursor)) {
            assertThatThrownBy(() -> queries.search(outbound(null, null, Set.of(), null, null, null, bad, 10)))
                    .as(bad).isInstanceOf(InvalidInputException.class).hasMessageContaining("cursor");
        }
    }

    @Test
    void aDownloadHandsOverEveryMatchInThePagesOrder() {
        for (int i = 0; i < 30; i++) {
            sent("m-" + (100 + i), "acme", "+15551234567", "+15557650001", i % 3 == 0 ? "FAILED" : "DELIVERED", null,
                    T0.plusSeconds(i));
        }
        List<String> streamed = new ArrayList<>();
        queries.forEach(outbound(null, null, Set.of(MessageStatus.DELIVERED), null, null, null, null, 1),
                found -> streamed.add(found.id()));

        List<String> paged = new ArrayList<>();
        String cursor = null;
        do {
            Page page = queries.search(outbound(null, null, Set.of(MessageStatus.DELIVERED), null, null, null, cursor, 3));
            page.messages().forEach(m -> paged.add(m.id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        assertThat(streamed).hasSize(20).containsExactlyElementsOf(paged);
    }

    private List<String> ids(Search search) {
        return queries.search(search).messages().stream().map(Found::id).toList();
    }

    private static Search outbound(String to, String from, Set<MessageStatus> statuses, String campaign, Instant since,
                                   Instant until, String cursor, int limit) {
        return new Search(ACME, Direction.OUTBOUND, to, from, statuses, campaign, since, until, cursor, limit);
    }

    private static Search inbound(String from, String to, String cursor) {
        return new Search(ACME, Direction.INBOUND, to, from, Set.of(), null, null, null, cursor, 100);
    }

    private void sent(String id, String account, String from, String to, String status, String campaign,
                             Instant at) {
        db.execute("""
                INSERT INTO delivery_status (message_id, account_id, sender, recipient, body, encoding, segments, status,
                    campaign_id, accepted_at, updated_at) VALUES (?, ?, ?, ?, 'text', 'GSM_7', 1, ?, ?, ?::timestamptz, ?::timestamptz)""",
                id, account, from, to, status, campaign, utc(at), utc(at));
    }

    private void received(long position, String id, String account, String from, String to, String text,
                          Instant at) {
        db.execute("""
                INSERT INTO account_event (account_id, position, event_id, type, message_id, sequence, occurred_at, data)
                VALUES (?, ?, ?, 'message.received', ?, 0, ?::timestamptz, ?)""",
                account, position, "e-" + id, id, utc(at),
                "{\"from\":\"" + from + "\",\"to\":\"" + to + "\",\"text\":\"" + text
                        + "\",\"campaignId\":null,\"intent\":\"NONE\"}");
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
