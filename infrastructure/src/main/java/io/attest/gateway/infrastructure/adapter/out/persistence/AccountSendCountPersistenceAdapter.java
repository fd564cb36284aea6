package io.attest.gateway.infrastructure.adapter.out.persistence;

import io.attest.gateway.application.limits.port.out.AccountSendCountPort;
import io.attest.gateway.domain.shared.AccountId;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The accounts' sends per second and per day in PostgreSQL: one statement adds the send to both periods' rows and
 * answers both counts; when either passes its limit the transaction rolls back, so a refused send counts nowhere.
 * The row of a period is locked until the commit, so two nodes counting at once count one after the other. Committed
 * without waiting for the flush to disk: a count lost in a crash lets a moment's sends through again, never loses one.
 */
@Component
class AccountSendCountPersistenceAdapter implements AccountSendCountPort {

    private static final String COUNT = """
            INSERT INTO account_send_count AS c (account_id, period, period_start, sends)
            VALUES (?, 's', ?::timestamptz, 1), (?, 'd', ?::timestamptz, 1)
            ON CONFLICT (account_id, period, period_start) DO UPDATE SET sends = c.sends + 1
            RETURNING period, sends""";

    private final DSLContext db;
    private final TransactionTemplate ownTransaction;

    AccountSendCountPersistenceAdapter(DSLContext db, PlatformTransactionManager transactionManager) {
        this.db = db;
        this.ownTransaction = Transactions.ownTransaction(transactionManager);
    }

    @Override
    public Outcome count(AccountId account, Instant now, long perSecond, long perDay) {
        OffsetDateTime second = now.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC);
        OffsetDateTime day = now.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
        return ownTransaction.execute(status -> {
            db.execute("SET LOCAL synchronous_commit TO OFF");
            Outcome outcome = Outcome.COUNTED;
            for (var row : db.fetch(COUNT, account.value(), second, account.value(), day)) {
                long sends = ((Number) row.get(1)).longValue();
                boolean perSecondRow = "s".equals(String.valueOf(row.get(0)));
                if (!perSecondRow && perDay > 0 && sends > perDay) {
                    outcome = Outcome.DAY_FULL; // the day's limit first: its wait is the longer one
                } else if (perSecondRow && perSecond > 0 && sends > perSecond && outcome == Outcome.COUNTED) {
                    outcome = Outcome.SECOND_FULL;
                }
            }
            if (outcome != Outcome.COUNTED) {
                status.setRollbackOnly();
            }
            return outcome;
        });
    }

    @Override
    public int forgetPast(Instant now) {
        return ownTransaction.execute(status -> db.execute("""
                DELETE FROM account_send_count
                WHERE (period = 's' AND period_start < ?::timestamptz) OR (period = 'd' AND period_start < ?::timestamptz)""",
                now.minus(java.time.Duration.ofMinutes(1)).atOffset(ZoneOffset.UTC),
                now.minus(java.time.Duration.ofDays(2)).atOffset(ZoneOffset.UTC)));
    }
}
