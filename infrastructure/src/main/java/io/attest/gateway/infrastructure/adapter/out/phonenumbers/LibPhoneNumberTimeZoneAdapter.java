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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Time zones of a number from libphonenumber's prefix data. When the data knows nothing (a new area
 * code, an unknown prefix), a US/Canada number is taken to be in any of the four continental zones, the
 * most restrictive reading; any other number in UTC.
 *
 * <p>Which zones a number is in depends on the number and the library's data alone, and finding out parses the number
 * and matches it against the region's patterns (about 2 % of a send's CPU under load): the answers for the last
 * {@value #REMEMBERED} numbers asked about are kept. Past that, the kept answers are dropped together and
 * gathered again, so the memory they take stays bounded without bookkeeping on each send.
 */
@Component
class LibPhoneNumberTimeZoneAdapter implements RecipientTimeZonePort {

    static final List<ZoneId> CONTINENTAL_US = List.of(ZoneId.of("America/New_York"), ZoneId.of("America/Chicago"),
            ZoneId.of("America/Denver"), ZoneId.of("America/Los_Angeles"));

    private static final String UNKNOWN = PhoneNumberToTimeZonesMapper.getUnknownTimeZone();

    private final PhoneNumberUtil numbers = PhoneNumberUtil.getInstance();
    private final PhoneNumberToTimeZonesMapper mapper = PhoneNumberToTimeZonesMapper.getInstance();

    static final int REMEMBERED = 65_536;

    private final Map<String, List<ZoneId>> answered = new ConcurrentHashMap<>();

    @Override
    public List<ZoneId> zonesOf(PhoneNumber number) {
        List<ZoneId> zones = answered.get(number.e164());
        if (zones == null) {
            zones = lookUp(number);
            if (answered.size() >= REMEMBERED) {
                answered.clear();
            }
            answered.put(number.e164(), zones);
        }
        return zones;
    }

    private List<ZoneId> lookUp(PhoneNumber number) {
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
            return List.copyOf(zones);
        }
        return number.e164().startsWith("+1") ? CONTINENTAL_US : List.of(ZoneId.of("UTC"));
    }
}
