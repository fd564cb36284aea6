package io.attest.gateway.domain.brand;

import java.util.Objects;
import java.util.regex.Pattern;

/** A 10DLC brand, chosen by the account (e.g. the TCR brand id). */
public record BrandId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public BrandId {
        Objects.requireNonNull(value, "brand id");
        if (!FORMAT.matcher(value).matches()) {
            throw new io.attest.gateway.domain.shared.InvalidInputException(
                    io.attest.gateway.domain.shared.ErrorCode.INVALID_REQUEST,
                    "brand id must be 1-64 characters of [A-Za-z0-9._-]: " + value);
        }
    }

    public static BrandId of(String value) {
        return new BrandId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
