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
 * The accounts' sends per second and per day in PostgreSQL: one statement adds a node's slice of sends to both
 * periods' rows and answers both counts; when either passes its limit the transaction rolls back, so a refused slice
 * counts nowhere.
 * The row of a period is locked until the commit, so two nodes counting at once count one after the other. Committed
 * without waiting for the flush to disk: a count lost in a crash lets a moment's sends through again, never loses one.
 */
@Component
class AccountSendCountPersistenceAdapter implements AccountSendCountPort {

    private static final String COUNT = """
            INSERT INTO account_send_count AS c (account_id, period, period_start, sends)
            SELECT account_id, period, period_start, sends FROM (VALUES
                (?, 's', ?::timestamptz, ?::bigint), (?, 'd', ?::timestamptz, ?::bigint)) AS v (account_id, period, period_start, sends)
            WHERE sends > 0
            ON CONFLICT (account_id, period, period_start) DO UPDATE SET sends = c.sends + EXCLUDED.sends
            RETURNING period, sends""";

    private final DSLContext db;
    private final TransactionTemplate ownTransaction;

    AccountSendCountPersistenceAdapter(DSLContext db, PlatformTransactionManager transactionManager) {
        this.db = db;
        this.ownTransaction = Transactions.ownTransaction(transactionManager);
    }

    @Override
    public Outcome count(AccountId account, Instant now, long secondSends, long perSecond, long daySends, long perDay) {
        if (secondSends < 0 || daySends < 0 || secondSends + daySends == 0) {
            throw new IllegalArgumentException("count at least one send, and no negative number of sends");
        }
        OffsetDateTime second = now.truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC);
        OffsetDateTime day = dayOf(now);
        return ownTransaction.execute(status -> {
            db.execute("SET LOCAL synchronous_commit TO OFF");
            Outcome outcome = Outcome.COUNTED;
            for (var row : db.fetch(COUNT, account.value(), second, secondSends, account.value(), day, daySends)) {
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
    public void giveBack(AccountId account, Instant day, long sends) {
        ownTransaction.executeWithoutResult(status -> {
            db.execute("SET LOCAL synchronous_commit TO OFF");
            db.execute("""
                    UPDATE account_send_count SET sends = GREATEST(0, sends - ?)
                    WHERE account_id = ? AND period = 'd' AND period_start = ?::timestamptz""",
                    sends, account.value(), dayOf(day));
        });
    }

    private static OffsetDateTime dayOf(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS);
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
