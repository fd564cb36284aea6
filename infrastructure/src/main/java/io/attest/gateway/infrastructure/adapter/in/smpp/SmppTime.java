package io.attest.gateway.infrastructure.adapter.in.smpp;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * SMPP 3.4 times (§7.1.1): absolute {@code YYMMDDhhmmsstnnp} with tenths of a second, the offset from UTC in quarter
 * hours and its sign (+ or -); relative {@code YYMMDDhhmmss000R}, a period from now.
 */
final class SmppTime {

    private SmppTime() {
    }

    /** The period from now to the time; null for an empty field. */
    static Duration fromNow(String field, Instant now) {
        if (field == null || field.isEmpty()) {
            return null;
        }
        if (field.length() != 16 || !field.substring(0, 13).chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("'" + field + "' is not an SMPP time (16 characters)");
        }
        int yy = Integer.parseInt(field.substring(0, 2));
        int mm = Integer.parseInt(field.substring(2, 4));
        int dd = Integer.parseInt(field.substring(4, 6));
        int hh = Integer.parseInt(field.substring(6, 8));
        int mi = Integer.parseInt(field.substring(8, 10));
        int ss = Integer.parseInt(field.substring(10, 12));
        char sign = field.charAt(15);
        if (sign == 'R') {
            if (mm > 11 && yy == 0 && dd == 0 || hh > 23 || mi > 59 || ss > 59) {
                throw new IllegalArgumentException("'" + field + "' is not a relative SMPP time");
            }
            LocalDateTime base = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
            LocalDateTime then = base.plusYears(yy).plusMonths(mm).plusDays(dd).plusHours(hh).plusMinutes(mi).plusSeconds(ss);
            return Duration.between(base, then);
        }
        if (sign != '+' && sign != '-' || !Character.isDigit(field.charAt(13)) || !Character.isDigit(field.charAt(14))) {
            throw new IllegalArgumentException("'" + field + "' is not an absolute SMPP time");
        }
        int tenths = field.charAt(12) - '0';
        int quarters = Integer.parseInt(field.substring(13, 15));
        if (quarters > 48) {
            throw new IllegalArgumentException("'" + field + "' has an offset beyond 12 hours");
        }
        ZoneOffset offset = ZoneOffset.ofTotalSeconds((sign == '-' ? -1 : 1) * quarters * 15 * 60);
        try {
            Instant at = LocalDateTime.of(2000 + yy, mm, dd, hh, mi, ss, tenths * 100_000_000).toInstant(offset);
            return Duration.between(now, at);
        } catch (java.time.DateTimeException e) {
            throw new IllegalArgumentException("'" + field + "' is not a valid date: " + e.getMessage());
        }
    }
}
