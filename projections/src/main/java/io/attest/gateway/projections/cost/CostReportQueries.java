package io.attest.gateway.projections.cost;

import io.attest.gateway.application.cost.port.in.CostReportQuery;
import io.attest.gateway.domain.shared.AccountId;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Consumer;

import static io.attest.gateway.projections.jooq.Tables.MESSAGE_CHARGE;

/**
 * The cost reports, summed by PostgreSQL over the charges recorded on the account's messages: exact decimals, so the
 * report's totals are the sum of its charges to the last digit.
 */
public class CostReportQueries implements CostReportQuery {

    private final DSLContext db;

    public CostReportQueries(DSLContext db) {
        this.db = db;
    }

    @Override
    public Report report(AccountId account, Instant since, Instant until, GroupBy groupBy) {
        Field<String> key = switch (groupBy) {
            case DAY -> DSL.field("to_char({0} AT TIME ZONE 'UTC', 'YYYY-MM-DD')", String.class,
                    MESSAGE_CHARGE.CHARGED_AT);
            case CAMPAIGN -> DSL.coalesce(MESSAGE_CHARGE.CAMPAIGN_ID, "");
            case CARRIER -> DSL.coalesce(MESSAGE_CHARGE.CARRIER, "");
            case ROUTE -> DSL.coalesce(MESSAGE_CHARGE.ROUTE, "");
            case DIRECTION -> MESSAGE_CHARGE.DIRECTION;
        };
        List<Group> groups = db.select(key.as("k"), MESSAGE_CHARGE.CURRENCY, DSL.count(),
                        DSL.sum(MESSAGE_CHARGE.SEGMENTS), DSL.sum(MESSAGE_CHARGE.AMOUNT))
                .from(MESSAGE_CHARGE)
                .where(MESSAGE_CHARGE.ACCOUNT_ID.eq(account.value()))
                .and(MESSAGE_CHARGE.CHARGED_AT.ge(since.atOffset(ZoneOffset.UTC)))
                .and(MESSAGE_CHARGE.CHARGED_AT.lt(until.atOffset(ZoneOffset.UTC)))
                .groupBy(DSL.field(DSL.name("k")), MESSAGE_CHARGE.CURRENCY)
                .orderBy(DSL.field(DSL.name("k")), MESSAGE_CHARGE.CURRENCY)
                .fetch(r -> new Group(r.value1(), r.value2().trim(), r.value3(), r.value4().longValue(),
                        scaled(r.value5())));
        List<Group> totals = db.select(MESSAGE_CHARGE.CURRENCY, DSL.count(), DSL.sum(MESSAGE_CHARGE.SEGMENTS),
                        DSL.sum(MESSAGE_CHARGE.AMOUNT))
                .from(MESSAGE_CHARGE)
                .where(MESSAGE_CHARGE.ACCOUNT_ID.eq(account.value()))
                .and(MESSAGE_CHARGE.CHARGED_AT.ge(since.atOffset(ZoneOffset.UTC)))
                .and(MESSAGE_CHARGE.CHARGED_AT.lt(until.atOffset(ZoneOffset.UTC)))
                .groupBy(MESSAGE_CHARGE.CURRENCY)
                .orderBy(MESSAGE_CHARGE.CURRENCY)
                .fetch(r -> new Group("total", r.value1().trim(), r.value2(), r.value3().longValue(), scaled(r.value4())));
        return new Report(since, until, groupBy, groups, totals);
    }

    @Override
    public void forEachCharge(AccountId account, Instant since, Instant until, Consumer<Charge> each) {
        db.transaction(configuration -> forEachCharge(configuration.dsl(), account, since, until, each));
    }

    /** PostgreSQL streams a result with a fetch size only inside a transaction. */
    private static void forEachCharge(DSLContext db, AccountId account, Instant since, Instant until,
                                      Consumer<Charge> each) {
        try (var cursor = db.selectFrom(MESSAGE_CHARGE)
                .where(MESSAGE_CHARGE.ACCOUNT_ID.eq(account.value()))
                .and(MESSAGE_CHARGE.CHARGED_AT.ge(since.atOffset(ZoneOffset.UTC)))
                .and(MESSAGE_CHARGE.CHARGED_AT.lt(until.atOffset(ZoneOffset.UTC)))
                .orderBy(MESSAGE_CHARGE.CHARGED_AT, MESSAGE_CHARGE.MESSAGE_ID, MESSAGE_CHARGE.SEQUENCE)
                .fetchSize(1000)
                .fetchLazy()) {
            for (var r : cursor) {
                each.accept(new Charge(r.getChargedAt().toInstant(), r.getMessageId(), r.getDirection(),
                        r.getCampaignId(), r.getCarrier(), r.getRoute(), r.getTrafficClass(), r.getSegments(),
                        scaled(r.getPerSegment()), scaled(r.getCarrierFee()), scaled(r.getAmount()),
                        r.getCurrency().trim()));
            }
        }
    }

    /** Four decimal places at least, as prices are quoted; the six a charge can have when it has them. */
    static BigDecimal scaled(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return amount.setScale(Math.max(4, Math.max(0, stripped.scale())));
    }
}
