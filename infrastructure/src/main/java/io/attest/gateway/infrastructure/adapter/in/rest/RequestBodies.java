package io.attest.gateway.infrastructure.adapter.in.rest;

import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;

import java.util.Arrays;
import java.util.Locale;

/** Small checks shared by the controllers, so malformed input is a 400 with words, never a 500. */
final class RequestBodies {

    private RequestBodies() {
    }

    static void require(Object body) {
        if (body == null) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "a JSON body is required");
        }
    }

    /** The cursor and page size of a list: {@code after} 0 or more, {@code limit} 1 to 500. */
    static void checkPage(long after, int limit) {
        if (after < 0 || limit < 1 || limit > 500) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "after must be 0 or more and limit 1 to 500");
        }
    }

    static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, field + " is required, one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, field + " '" + value + "' is not one of "
                    + Arrays.toString(type.getEnumConstants()));
        }
    }

    /**
     * Brand and campaign ids are assigned by the gateway, never chosen by the client: ids share one space across
     * accounts, so a chosen id that another account holds would have to be refused, and the refusal would tell
     * that the id exists there (docs/security.md#tenant-isolation).
     */
    static void assignedByTheGateway(String requestedId) {
        if (requestedId != null) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST,
                    "id is assigned by the gateway and returned in the response: leave it out of the request");
        }
    }

    static BrandId brandId(String value) {
        if (value == null) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "brandId is required");
        }
        return BrandId.of(value);
    }

    /** An ISO-8601 duration such as {@code PT10M}; null when absent. */
    static java.time.Instant sendAt(String value) {
        if (value == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value.trim()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new io.attest.gateway.domain.shared.InvalidInputException(
                    io.attest.gateway.domain.shared.ErrorCode.INVALID_SEND_AT,
                    "sendAt '" + value + "' is not an ISO-8601 instant with its offset, such as 2026-12-24T15:00:00Z");
        }
    }

    static java.time.Duration validFor(String value) {
        if (value == null) {
            return null;
        }
        try {
            return java.time.Duration.parse(value.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new io.attest.gateway.domain.shared.InvalidInputException(
                    io.attest.gateway.domain.shared.ErrorCode.INVALID_VALIDITY,
                    "validFor '" + value + "' is not an ISO-8601 duration such as PT10M or P2D");
        }
    }

    static CampaignId campaignId(String value) {
        if (value == null) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "campaignId is required");
        }
        return CampaignId.of(value);
    }
}
