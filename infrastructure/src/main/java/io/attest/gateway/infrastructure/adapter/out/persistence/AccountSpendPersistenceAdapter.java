package io.attest.gateway.infrastructure.adapter.out.persistence;

import io.attest.gateway.application.cost.port.out.AccountSpendPort;
import io.attest.gateway.domain.cost.Money;
import io.attest.gateway.domain.shared.AccountId;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;

/**
 * The accounts' committed spend in PostgreSQL: one statement adds a send's estimate to its day's and its month's
 * rows and answers both sums; when either passes its limit the transaction rolls back, so a refused send counts
 * nowhere. The rows stay locked until the commit, so two nodes adding at once add one after the other and a limit is
 * never passed. Committed without waiting for the flush to disk unless the caller recorded something in the same
 * transaction (an alert): a count lost in a crash lets that moment's sends be counted again, never loses one.
 */
@Component
class AccountSpendPersistenceAdapter implements AccountSpendPort {

    private static final String ADD = """
            INSERT INTO account_spend AS s (account_id, period, period_start, currency, spent)
            VALUES (?, 'd', ?, ?, ?), (?, 'm', ?, ?, ?)
            ON CONFLICT (account_id, period, period_start) DO UPDATE SET spent = s.spent + EXCLUDED.spent
            RETURNING period, spent""";

    private final DSLContext db;
    private final TransactionTemplate ownTransaction;

    AccountSpendPersistenceAdapter(DSLContext db, PlatformTransactionManager transactionManager) {
        this.db = db;
        this.ownTransaction = Transactions.ownTransaction(transactionManager);
    }

    @Override
    public Added add(AccountId account, Money amount, LocalDate day, Money dailyLimit, Money monthlyLimit,
                     java.util.function.Predicate<Added> inTransaction) {
        String currency = amount.currency().getCurrencyCode();
        LocalDate month = day.withDayOfMonth(1);
        return ownTransaction.execute(status -> {
            db.execute("SET LOCAL synchronous_commit TO OFF");
            BigDecimal daySpent = null;
            BigDecimal monthSpent = null;
            for (var row : db.fetch(ADD, account.value(), day, currency, amount.amount(), account.value(), month,
                    currency, amount.amount())) {
                BigDecimal spent = row.get(1, BigDecimal.class);
                if ("d".equals(row.get(0, String.class))) {
                    daySpent = spent;
                } else {
                    monthSpent = spent;
                }
            }
            Money dayTotal = new Money(daySpent, amount.currency());
            Money monthTotal = new Money(monthSpent, amount.currency());
            String passed = dailyLimit != null && dayTotal.compareTo(dailyLimit) > 0 ? "daily"
                    : monthlyLimit != null && monthTotal.compareTo(monthlyLimit) > 0 ? "monthly" : null;
            if (passed != null) {
                status.setRollbackOnly();
                return new Added(false, passed, dayTotal.minus(amount), monthTotal.minus(amount));
            }
            Added added = new Added(true, null, dayTotal, monthTotal);
            if (inTransaction.test(added)) {
                db.execute("SET LOCAL synchronous_commit TO ON"); // what it recorded is durable before the send goes on
            }
            return added;
        });
    }

    @Override
    public void subtract(AccountId account, Money amount, LocalDate day) {
        ownTransaction.executeWithoutResult(status -> db.execute("""
                UPDATE account_spend SET spent = spent - ?
                WHERE account_id = ? AND ((period = 'd' AND period_start = ?) OR (period = 'm' AND period_start = ?))""",
                amount.amount(), account.value(), day, day.withDayOfMonth(1)));
    }

    @Override
    public Added spent(AccountId account, LocalDate day, Currency currency) {
        Money dayTotal = Money.zero(currency);
        Money monthTotal = Money.zero(currency);
        for (var row : db.fetch("""
                SELECT period, spent FROM account_spend
                WHERE account_id = ? AND ((period = 'd' AND period_start = ?) OR (period = 'm' AND period_start = ?))""",
                account.value(), day, day.withDayOfMonth(1))) {
            Money spent = new Money(row.get(1, BigDecimal.class), currency);
            if ("d".equals(row.get(0, String.class))) {
                dayTotal = spent;
            } else {
                monthTotal = spent;
            }
        }
        return new Added(true, null, dayTotal, monthTotal);
    }
}
