package io.attest.gateway.projections.cost;

import io.attest.gateway.application.cost.port.in.CostReportQuery;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.projections.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The cost reports on a real PostgreSQL: groups, totals, accounts kept apart, and sums exact to the last digit. */
class CostReportQueriesTest {

    private static final AccountId ACME = AccountId.of("acme");
    private static final Instant DAY = Instant.parse("2026-12-01T00:00:00Z");

    @RegisterExtension
    static final TestDatabase.PerClass database = TestDatabase.perClass();
    private final DSLContext db = database.db();
    private final CostReportQueries queries = new CostReportQueries(db);

    @BeforeEach
    void emptyTable() {
        db.execute("TRUNCATE message_charge");
    }

    /** {@code count} charges of one kind, one second apart from {@code from}, numbered after {@code first}. */
    private void charges(String account, int first, int count, Instant from, String direction, String campaign,
                         String carrier, String route, int segments, String amount) {
        db.execute("""
                INSERT INTO message_charge (message_id, sequence, account_id, direction, charged_at, campaign_id, carrier,
                    route, traffic_class, segments, per_segment, carrier_fee, amount, currency)
                SELECT 'm-' || i, 1, ?, ?, ?::timestamptz + make_interval(secs => i - ?), ?, ?, ?, 'REGISTERED_10DLC', ?,
                    0.0040, 0.0035, ?::numeric, 'USD'
                FROM generate_series(?, ?) AS i""", account, direction, from.toString(), first, campaign, carrier, route,
                segments, amount, first, first + count - 1);
    }

    /**
     * Exact to the last digit: 200,000 charges of three prices sum to exactly their total (PostgreSQL numeric; the
     * domain's own sum of a million is in RateCardTest).
     */
    @Test
    void chargesAddUpExactly() {
        charges("acme", 0, 120_000, DAY, "outbound", "acme-otp", "AT&T", "smsc-a", 1, "0.0075");
        charges("acme", 120_000, 60_000, DAY, "outbound", "acme-promos", "T-Mobile", "smsc-b", 3, "0.0255");
        charges("acme", 180_000, 20_000, DAY, "inbound", "acme-otp", "T-Mobile", null, 1, "0.0065");
        charges("globex", 2_000_000, 1_000, DAY, "outbound", "globex-alerts", "Verizon", "smsc-a", 1, "0.0085");
        Instant until = DAY.plusSeconds(2_000_000);

        // 120,000 × 0.0075 + 60,000 × 0.0255 + 20,000 × 0.0065 = 900 + 1,530 + 130
        BigDecimal exact = new BigDecimal("2560.0000");
        var byCarrier = queries.report(ACME, DAY, until, CostReportQuery.GroupBy.CARRIER);
        assertThat(byCarrier.totals()).singleElement().satisfies(total -> {
            assertThat(total.total()).isEqualTo(exact);
            assertThat(total.messages()).isEqualTo(200_000);
            assertThat(total.segments()).isEqualTo(320_000);
        });
        assertThat(byCarrier.groups()).extracting(CostReportQuery.Group::key, CostReportQuery.Group::total)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("AT&T", new BigDecimal("900.0000")),
                        org.assertj.core.groups.Tuple.tuple("T-Mobile", new BigDecimal("1660.0000")));
    }

    @Test
    void everyGroupingAddsUpToTheSameTotal() {
        charges("acme", 0, 600, DAY, "outbound", "acme-otp", "AT&T", "smsc-a", 1, "0.0075");
        charges("acme", 600, 300, DAY, "outbound", "acme-promos", "T-Mobile", "smsc-b", 3, "0.0255");
        charges("acme", 900, 100_000, DAY, "inbound", "acme-otp", "T-Mobile", null, 1, "0.0065");
        Instant until = DAY.plusSeconds(200_000);
        BigDecimal exact = new BigDecimal("662.1500"); // 4.5 + 7.65 + 650
        for (CostReportQuery.GroupBy groupBy : CostReportQuery.GroupBy.values()) {
            var report = queries.report(ACME, DAY, until, groupBy);
            assertThat(report.totals().getFirst().total()).as(groupBy.name()).isEqualTo(exact);
            assertThat(report.groups().stream().map(CostReportQuery.Group::total).reduce(BigDecimal.ZERO, BigDecimal::add))
                    .as(groupBy.name()).isEqualTo(exact);
        }
        assertThat(queries.report(ACME, DAY, until, CostReportQuery.GroupBy.ROUTE).groups())
                .extracting(CostReportQuery.Group::key).containsExactly("", "smsc-a", "smsc-b"); // inbound: no route
        assertThat(queries.report(ACME, DAY, until, CostReportQuery.GroupBy.DAY).groups())
                .extracting(CostReportQuery.Group::key).containsExactly("2026-12-01", "2026-12-02"); // 100,900 s
        assertThat(queries.report(ACME, DAY, until, CostReportQuery.GroupBy.DIRECTION).groups())
                .extracting(CostReportQuery.Group::key, CostReportQuery.Group::messages)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("inbound", 100_000L),
                        org.assertj.core.groups.Tuple.tuple("outbound", 900L));
    }

    @Test
    void thePeriodBoundsAndTheAccountAreRespectedAndTheDownloadMatchesTheReport() {
        charges("acme", 0, 10, DAY, "outbound", "acme-otp", "AT&T", "smsc-a", 1, "0.0075");
        charges("globex", 100, 10, DAY, "outbound", "globex-alerts", "AT&T", "smsc-a", 1, "0.0075");
        Instant from = DAY.plusSeconds(2); // charges 2..6: since inclusive, until exclusive
        Instant until = DAY.plusSeconds(7);

        var report = queries.report(ACME, from, until, CostReportQuery.GroupBy.CAMPAIGN);
        assertThat(report.totals().getFirst().messages()).isEqualTo(5);
        assertThat(report.totals().getFirst().total()).isEqualTo(new BigDecimal("0.0375"));
        List<CostReportQuery.Charge> rows = new ArrayList<>();
        queries.forEachCharge(ACME, from, until, rows::add);
        assertThat(rows).extracting(CostReportQuery.Charge::messageId).containsExactly("m-2", "m-3", "m-4", "m-5", "m-6");
        assertThat(rows.stream().map(CostReportQuery.Charge::amount).reduce(BigDecimal.ZERO, BigDecimal::add))
                .isEqualTo(report.totals().getFirst().total());
        assertThat(queries.report(AccountId.of("initech"), DAY, until, CostReportQuery.GroupBy.DAY).groups()).isEmpty();
    }
}
