package io.attest.gateway.domain.campaign;

import java.util.Objects;
import java.util.regex.Pattern;

/** A 10DLC campaign (program), chosen by the account (e.g. the TCR campaign id). */
public record CampaignId(String value) {

    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    public CampaignId {
        Objects.requireNonNull(value, "campaign id");
        if (!FORMAT.matcher(value).matches()) {
            throw new io.attest.gateway.domain.shared.InvalidInputException(
                    io.attest.gateway.domain.shared.ErrorCode.INVALID_REQUEST,
                    "campaign id must be 1-64 characters of [A-Za-z0-9._-]: " + value);
        }
    }

    public static CampaignId of(String value) {
        return new CampaignId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
