package io.attest.gateway.infrastructure.adapter.in.smpp;

import io.attest.gateway.domain.shared.ErrorCode;
import org.jsmpp.SMPPConstant;

/**
 * The {@code command_status} an SMPP client gets for each refusal (docs/errors.md#smpp). A compliance refusal answers
 * its rule's family in the vendor-specific range: the message is recorded as blocked, as a REST send's is.
 */
public final class SmppStatuses {

    public static final int NUMBER = 0x400;
    public static final int CAMPAIGN = 0x401;
    public static final int CONSENT = 0x402;
    public static final int VELOCITY = 0x403;
    public static final int FREQUENCY = 0x404;
    public static final int QUIET_HOURS = 0x405;
    public static final int CARRIER = 0x406;
    /** The account's spend limit ({@code spend.limit}): the message is recorded as blocked. */
    public static final int SPEND = 0x407;
    /** A rule family this table does not know yet: still a compliance refusal. */
    public static final int OTHER_RULE = 0x4FF;

    private SmppStatuses() {
    }

    /** The status of a compliance refusal by the rule with this id (such as {@code consent.missing}). */
    public static int ofRule(String ruleId) {
        String family = ruleId.contains(".") ? ruleId.substring(0, ruleId.indexOf('.')) : ruleId;
        return switch (family) {
            case "number" -> NUMBER;
            case "campaign" -> CAMPAIGN;
            case "consent" -> CONSENT;
            case "velocity" -> VELOCITY;
            case "frequency" -> FREQUENCY;
            case "quiet-hours" -> QUIET_HOURS;
            case "carrier" -> CARRIER;
            case "spend" -> SPEND;
            default -> OTHER_RULE;
        };
    }

    static int ofInvalidInput(ErrorCode code) {
        return switch (code) {
            case UNKNOWN_SENDER -> SMPPConstant.STAT_ESME_RINVSRCADR;
            case EMPTY_TEXT, TEXT_TOO_LONG -> SMPPConstant.STAT_ESME_RINVMSGLEN;
            case INVALID_VALIDITY -> SMPPConstant.STAT_ESME_RINVEXPIRY;
            case INVALID_SEND_AT -> SMPPConstant.STAT_ESME_RINVSCHED;
            default -> SMPPConstant.STAT_ESME_RSUBMITFAIL;
        };
    }
}
