package io.attest.gateway.domain.compliance;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sending window in the recipient's local time. When a number may be in several time zones, a moment
 * is permitted only if it is inside the window in every one of them (the most restrictive reading).
 */
public final class QuietHours {

    private QuietHours() {
    }

    public static boolean permitted(Instant at, List<ZoneId> zones, LocalTime start, LocalTime end) {
        for (ZoneId zone : zones) {
            LocalTime local = at.atZone(zone).toLocalTime();
            if (local.isBefore(start) || !local.isBefore(end)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The first permitted moment at or after {@code now}, looking at most three days ahead. The permitted
     * set is a union of intervals that each begin at some zone's window start, so only those moments need
     * checking.
     */
    public static Optional<Instant> nextPermitted(Instant now, List<ZoneId> zones, LocalTime start, LocalTime end) {
        if (permitted(now, zones, start, end)) {
            return Optional.of(now);
        }
        List<Instant> candidates = new ArrayList<>();
        for (ZoneId zone : zones) {
            LocalDate today = now.atZone(zone).toLocalDate();
            for (int day = 0; day <= 3; day++) {
                Instant opening = ZonedDateTime.of(today.plusDays(day), start, zone).toInstant();
                if (opening.isAfter(now)) {
                    candidates.add(opening);
                }
            }
        }
        return candidates.stream().sorted().filter(candidate -> permitted(candidate, zones, start, end)).findFirst();
    }
}
