package io.attest.gateway.domain.compliance;

import io.attest.gateway.domain.shared.PhoneNumber;

import java.time.LocalTime;
import java.util.Set;

/**
 * The calling-hours and frequency rules that apply to a recipient, by the number's area code (rules §4).
 * Oklahoma presumes an Oklahoma area code means an Oklahoma resident; Florida is treated the same way.
 */
public enum StateRule {
    FEDERAL(LocalTime.of(8, 0), LocalTime.of(21, 0), Integer.MAX_VALUE, ComplianceRule.QUIET_HOURS_FEDERAL),
    FLORIDA(LocalTime.of(8, 0), LocalTime.of(20, 0), 3, ComplianceRule.QUIET_HOURS_STATE),
    OKLAHOMA(LocalTime.of(8, 0), LocalTime.of(20, 0), 3, ComplianceRule.QUIET_HOURS_STATE);

    private static final Set<String> FLORIDA_AREA_CODES = Set.of("239", "305", "321", "324", "352", "386", "407",
            "448", "561", "645", "656", "727", "728", "754", "772", "786", "813", "850", "863", "904", "941", "954");
    private static final Set<String> OKLAHOMA_AREA_CODES = Set.of("405", "539", "572", "580", "918");

    private final LocalTime windowStart;
    private final LocalTime windowEnd;
    private final int marketingPer24Hours;
    private final ComplianceRule quietHoursRule;

    StateRule(LocalTime windowStart, LocalTime windowEnd, int marketingPer24Hours, ComplianceRule quietHoursRule) {
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.marketingPer24Hours = marketingPer24Hours;
        this.quietHoursRule = quietHoursRule;
    }

    public static StateRule forRecipient(PhoneNumber number) {
        String e164 = number.e164();
        if (!e164.startsWith("+1") || e164.length() != 12) {
            return FEDERAL;
        }
        String areaCode = e164.substring(2, 5);
        if (FLORIDA_AREA_CODES.contains(areaCode)) {
            return FLORIDA;
        }
        if (OKLAHOMA_AREA_CODES.contains(areaCode)) {
            return OKLAHOMA;
        }
        return FEDERAL;
    }

    public LocalTime windowStart() {
        return windowStart;
    }

    public LocalTime windowEnd() {
        return windowEnd;
    }

    public int marketingPer24Hours() {
        return marketingPer24Hours;
    }

    public ComplianceRule quietHoursRule() {
        return quietHoursRule;
    }
}
