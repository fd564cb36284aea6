package io.attest.gateway.domain.shared;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The tenant that owns messages, numbers, consents and campaigns. Taken from the caller's token; every
 * read and write is scoped to it.
 */
public record AccountId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,63}");

    public AccountId {
        Objects.requireNonNull(value, "account id");
        if (!FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("account id must be 1-64 characters of [A-Za-z0-9._:-]: " + value);
        }
    }

    public static AccountId of(String value) {
        return new AccountId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
