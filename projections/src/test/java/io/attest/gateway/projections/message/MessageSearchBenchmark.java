package io.attest.gateway.projections.message;

import io.attest.gateway.application.message.port.in.SearchMessagesQuery.Direction;
import io.attest.gateway.application.message.port.in.SearchMessagesQuery.Page;
import io.attest.gateway.application.message.port.in.SearchMessagesQuery.Search;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.projections.TestDatabase;
import io.attest.gateway.projections.support.PlainTexts;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Message search and {@code GET /v1/messages/{id}}'s read over a million stored messages, on a real PostgreSQL.
 * Prints figures, asserts none:
 * <pre>
 * ./mvnw -B -pl projections -am install -DskipTests
 * ./mvnw -B -pl projections surefire:test -Dsurefire.groups=benchmark -Dsurefire.excludedGroups= \
 *     -Dtest=MessageSearchBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.messages=1000000
 * </pre>
 * The messages belong to three accounts (acme has 80 %), go to 50,000 recipients from 20 sender numbers through 4
 * campaigns over 30 days; 90 % delivered, 4 % failed, 3 % blocked, the rest spread over the other statuses.
 */
@Tag("benchmark")
class MessageSearchBenchmark {

    private static final AccountId ACME = AccountId.of("acme");
    private static final Instant END = Instant.parse("2026-12-01T00:00:00Z");
    private static final int RUNS = 200;

    @Test
    void searchOverAMillionMessages() throws Exception {
        int messages = Integer.getInteger("bench.messages", 1_000_000);
        try (TestDatabase database = TestDatabase.start();
             java.sql.Connection connection = database.connection()) {
            // one connection held throughout, as a pool gives the gateway: the test database opens one per query
            DSLContext db = org.jooq.impl.DSL.using(connection, org.jooq.SQLDialect.POSTGRES);
            long loadStart = System.nanoTime();
            db.execute("""
                    INSERT INTO delivery_status (message_id, account_id, sender, recipient, body, encoding, segments, status,
                        campaign_id, accepted_at, updated_at)
                    SELECT 'm-' || i,
                           CASE WHEN i % 10 < 8 THEN 'acme' WHEN i % 10 = 8 THEN 'globex' ELSE 'initech' END,
                           '+1555123' || lpad((i % 20)::text, 4, '0'),
                           '+1555765' || lpad((i % 50000)::text, 4, '0'),
                           NULL, 'GSM_7', 1,
                           CASE WHEN i % 100 < 90 THEN 'DELIVERED' WHEN i % 100 < 94 THEN 'FAILED'
                                WHEN i % 100 < 97 THEN 'BLOCKED' WHEN i % 100 < 98 THEN 'EXPIRED'
                                WHEN i % 100 < 99 THEN 'HELD' ELSE 'SUBMITTED' END,
                           'campaign-' || (i % 4),
                           timestamptz '2026-11-01 00:00:00+00' + (i::double precision / ?) * interval '30 days',
                           timestamptz '2026-11-01 00:00:00+00' + (i::double precision / ?) * interval '30 days'
                    FROM generate_series(1, ?) AS i""", messages, messages, messages);
            db.execute("ANALYZE delivery_status");
            System.out.printf("BENCH loaded %,d messages in %.1f s%n", messages, (System.nanoTime() - loadStart) / 1e9);

            MessageSearchQueries search = new MessageSearchQueries(db, new PlainTexts());
            MessageReadModelQueries reads = new MessageReadModelQueries(db);
            Page middle = search.search(search(null, null, Set.of(), null, null, null, null, 500));
            for (int i = 0; i < 200 && middle.nextCursor() != null; i++) { // 100,000 messages deep
                middle = search.search(search(null, null, Set.of(), null, null, null, middle.nextCursor(), 500));
            }
            String deep = middle.nextCursor();

            measure("newest 100, no filter", () -> search.search(search(null, null, Set.of(), null, null, null, null, 100)));
            measure("by recipient", () -> search.search(search(recipient(), null, Set.of(), null, null, null, null, 100)));
            measure("by sender", () -> search.search(search(null, "+15551230003", Set.of(), null, null, null, null, 100)));
            measure("by campaign", () -> search.search(search(null, null, Set.of(), "campaign-2", null, null, null, 100)));
            measure("one status (failed, 4 %)", () -> search.search(search(null, null, Set.of(MessageStatus.FAILED), null,
                    null, null, null, 100)));
            measure("three statuses (failed, blocked, expired)", () -> search.search(search(null, null,
                    Set.of(MessageStatus.FAILED, MessageStatus.BLOCKED, MessageStatus.EXPIRED), null, null, null, null, 100)));
            measure("one day", () -> search.search(search(null, null, Set.of(), null, END.minusSeconds(86400 * 10),
                    END.minusSeconds(86400 * 9), null, 100)));
            measure("failed, one day", () -> search.search(search(null, null, Set.of(MessageStatus.FAILED), null,
                    END.minusSeconds(86400 * 10), END.minusSeconds(86400 * 9), null, 100)));
            measure("recipient and status", () -> search.search(search(recipient(), null, Set.of(MessageStatus.DELIVERED),
                    null, null, null, null, 100)));
            measure("page 100,000 messages deep", () -> search.search(search(null, null, Set.of(), null, null, null, deep, 100)));
            measure("GET /v1/messages/{id} read (delivery_status + timeline)", () -> reads.load(ACME,
                    MessageId.of("m-" + (ThreadLocalRandom.current().nextInt(messages / 10) * 10 + 1))));
            long downloadStart = System.nanoTime();
            int[] rows = {0};
            search.forEach(search(null, null, Set.of(MessageStatus.FAILED), null, null, null, null, 1), found -> rows[0]++);
            System.out.printf("BENCH CSV source: %,d failed messages streamed in %.2f s%n", rows[0],
                    (System.nanoTime() - downloadStart) / 1e9);
        }
    }

    private static String recipient() {
        return "+1555765" + String.format("%04d", ThreadLocalRandom.current().nextInt(10000));
    }

    private static Search search(String to, String from, Set<MessageStatus> statuses, String campaign, Instant since,
                                 Instant until, String cursor, int limit) {
        return new Search(ACME, Direction.OUTBOUND, to, from, statuses, campaign, since, until, cursor, limit);
    }

    private static void measure(String what, Supplier<?> query) {
        for (int i = 0; i < 20; i++) {
            query.get();
        }
        long[] nanos = new long[RUNS];
        for (int i = 0; i < RUNS; i++) {
            long start = System.nanoTime();
            query.get();
            nanos[i] = System.nanoTime() - start;
        }
        Arrays.sort(nanos);
        System.out.printf("BENCH %-55s p50 %6.2f ms  p99 %6.2f ms  (%d runs)%n", what, nanos[RUNS / 2] / 1e6,
                nanos[RUNS * 99 / 100] / 1e6, RUNS);
    }
}
