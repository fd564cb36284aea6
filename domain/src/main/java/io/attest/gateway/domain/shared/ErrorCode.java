package io.attest.gateway.domain.shared;

/**
 * Stable error codes for malformed input. They appear in problem+json responses as {@code code} and are
 * part of the public API: never rename one, only add.
 */
public enum ErrorCode {
    INVALID_PHONE_NUMBER("invalid-phone-number"),
    EMPTY_TEXT("empty-text"),
    TEXT_TOO_LONG("text-too-long"),
    UNKNOWN_SENDER("unknown-sender"),
    INVALID_REQUEST("invalid-request"),
    INVALID_CAMPAIGN("invalid-campaign"),
    INVALID_CONSENT("invalid-consent"),
    UNKNOWN_BRAND("unknown-brand"),
    UNKNOWN_CAMPAIGN("unknown-campaign"),
    BRAND_NOT_VERIFIED("brand-not-verified"),
    INVALID_WEBHOOK_URL("invalid-webhook-url"),
    INVALID_VALIDITY("invalid-validity"),
    WEBHOOK_SECRET_REQUIRED("webhook-secret-required"),
    INVALID_SEND_AT("invalid-send-at"),
    INVALID_RATE_CARD("invalid-rate-card"),
    INVALID_CARRIER_TABLE("invalid-carrier-table"),
    INVALID_SPEND_LIMIT("invalid-spend-limit");

    private final String code;

    ErrorCode(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
