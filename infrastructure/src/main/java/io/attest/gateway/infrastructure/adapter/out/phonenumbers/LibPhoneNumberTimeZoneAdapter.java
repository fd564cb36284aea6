package io.attest.gateway.infrastructure.adapter.out.phonenumbers;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.attest.gateway.application.compliance.port.out.RecipientTimeZonePort;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.springframework.stereotype.Component;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * Time zones of a number from libphonenumber's prefix data. When the data knows nothing (a new area
 * code, an unknown prefix), a US/Canada number is taken to be in any of the four continental zones, the
 * most restrictive reading; any other number in UTC.
 */
@Component
class LibPhoneNumberTimeZoneAdapter implements RecipientTimeZonePort {

    static final List<ZoneId> CONTINENTAL_US = List.of(ZoneId.of("America/New_York"), ZoneId.of("America/Chicago"),
            ZoneId.of("America/Denver"), ZoneId.of("America/Los_Angeles"));

    private static final String UNKNOWN = PhoneNumberToTimeZonesMapper.getUnknownTimeZone();

    private final PhoneNumberUtil numbers = PhoneNumberUtil.getInstance();
    private final PhoneNumberToTimeZonesMapper mapper = PhoneNumberToTimeZonesMapper.getInstance();

    @Override
    public List<ZoneId> zonesOf(PhoneNumber number) {
        List<ZoneId> zones = new ArrayList<>();
        try {
            for (String name : mapper.getTimeZonesForNumber(numbers.parse(number.e164(), null))) {
                if (UNKNOWN.equals(name)) {
                    continue; // the data knows nothing: the default below, without an exception per send
                }
                try {
                    zones.add(ZoneId.of(name));
                } catch (DateTimeException unknownZone) {
                    // "Etc/Unknown" and the like: fall through to the default
                }
            }
        } catch (NumberParseException e) {
            // not parseable by libphonenumber: the default below
        }
        if (!zones.isEmpty()) {
            return zones;
        }
        return number.e164().startsWith("+1") ? CONTINENTAL_US : List.of(ZoneId.of("UTC"));
    }
}
