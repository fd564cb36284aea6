package io.attest.gateway.domain.compliance;

/**
 * Every rule a send decision can name, with where it comes from. The id is stable: it appears in events,
 * in problem+json responses and in docs/compliance-rule-map.md.
 */
public enum ComplianceRule {
    NUMBER_UNASSIGNED("number.unassigned", "10DLC: a long code sends only through the campaign it is assigned to (rules §5)"),
    TOLL_FREE_UNVERIFIED("number.toll-free-unverified", "toll-free numbers must be verified before sending (rules §5)"),
    CAMPAIGN_INACTIVE("campaign.inactive", "10DLC: no sending without an active campaign (rules §5)"),
    SUBSCRIBER_OPTED_OUT("consent.opted-out", "TCPA revocation, FCC 24-24 (rules §2)"),
    CONSENT_MISSING("consent.missing", "TCPA prior express consent, 47 CFR 64.1200 (rules §1)"),
    WRITTEN_CONSENT_REQUIRED("consent.written-required", "TCPA prior express written consent for marketing, 47 CFR 64.1200(f)(9) (rules §1)"),
    RECIPIENT_VELOCITY("velocity.recipient", "the gateway's abuse guard, not a legal rule: at most the configured number of "
            + "messages from one account to one number within a window (gateway.limits, docs/security.md)"),
    SPEND_LIMIT("spend.limit", "the account's spend limit, set by the operator, not a legal rule: a send whose estimated "
            + "cost would pass the daily or monthly limit is not sent (docs/costs.md)"),
    STATE_FREQUENCY_CAP("frequency.state-cap", "Florida FTSA 501.059 / Oklahoma OTSA: at most 3 per 24 hours (rules §4)"),
    QUIET_HOURS_FEDERAL("quiet-hours.federal", "47 CFR 64.1200(c)(1): 8:00-21:00 recipient's local time (rules §4)"),
    QUIET_HOURS_STATE("quiet-hours.state", "Florida FTSA 501.059 / Oklahoma OTSA: 8:00-20:00 recipient's local time (rules §4)"),
    NO_SENDING_WINDOW("quiet-hours.no-window", "the recipient's possible time zones share no permitted hour (rules §4)"),
    CARRIER_DAILY_CAP("carrier.daily-cap", "T-Mobile: each brand's segments per day, 2,000 to 200,000 by vetting, "
            + "reset at midnight Pacific (rules §5)");

    private final String id;
    private final String source;

    ComplianceRule(String id, String source) {
        this.id = id;
        this.source = source;
    }

    /** The rule with this id, as recorded in events. */
    public static ComplianceRule byId(String id) {
        for (ComplianceRule rule : values()) {
            if (rule.id.equals(id)) {
                return rule;
            }
        }
        throw new IllegalArgumentException("no compliance rule " + id);
    }

    public String id() {
        return id;
    }

    public String source() {
        return source;
    }
}
