package io.attest.gateway.domain.cost;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Currency;
import java.util.Objects;

/**
 * An exact amount of one currency: a decimal, never a binary fraction, so a million charges of 0.0035 add up to
 * exactly 3,500. Carrier fees are quoted to the ten-thousandth of a dollar, so amounts keep up to six decimal places;
 * an amount with more is refused rather than rounded.
 */
public record Money(BigDecimal amount, Currency currency) implements Comparable<Money> {

    /** The most decimal places an amount keeps. */
    public static final int SCALE = 6;

    public Money {
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(currency, "currency");
        if (amount.stripTrailingZeros().scale() > SCALE) {
            throw new IllegalArgumentException("an amount has at most " + SCALE + " decimal places: " + amount);
        }
        amount = amount.setScale(Math.max(4, Math.max(0, amount.stripTrailingZeros().scale())), RoundingMode.UNNECESSARY);
    }

    public static Money of(String amount, String currency) {
        return new Money(new BigDecimal(amount), Currency.getInstance(currency));
    }

    public static Money zero(Currency currency) {
        return new Money(BigDecimal.ZERO, currency);
    }

    public Money plus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.add(other.amount), currency);
    }

    public Money minus(Money other) {
        requireSameCurrency(other);
        return new Money(amount.subtract(other.amount), currency);
    }

    public Money times(int count) {
        return new Money(amount.multiply(BigDecimal.valueOf(count)), currency);
    }

    public boolean belowZero() {
        return amount.signum() < 0;
    }

    @Override
    public int compareTo(Money other) {
        requireSameCurrency(other);
        return amount.compareTo(other.amount);
    }

    private void requireSameCurrency(Money other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot combine " + currency + " with " + other.currency);
        }
    }

    /** The amount as a plain decimal ("0.0079"), never in exponent form. */
    public String plain() {
        return amount.toPlainString();
    }

    @Override
    public String toString() {
        return amount.toPlainString() + " " + currency.getCurrencyCode();
    }
}
