package io.attest.gateway.application.cost;

import io.attest.gateway.application.cost.port.in.CarrierTableUseCase;
import io.attest.gateway.application.cost.port.out.CarrierLookupPort;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.domain.shared.PhoneNumber;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Loads the carrier tables from CSV, and answers which carrier serves a number with a cache in front of the lookup
 * port: a send to a number priced a moment ago reads no table. A load on this node empties the cache; another node's
 * load reaches this one's cache within {@code ttl}.
 */
public class CarrierTable implements CarrierTableUseCase {

    private static final Pattern BLOCK = Pattern.compile("\\+?1?([2-9][0-9]{2}[2-9][0-9]{2}[0-9]?)");
    private static final Pattern CARRIER = Pattern.compile("[\\p{L}\\p{N}&.,' ()/_-]{1,64}");
    private static final int MAX_CACHED = 100_000;
    private static final Pattern HEADER = Pattern.compile("(?i)prefix|number|block|npa-?nxx(-?x)?|e\\.?164");

    private final CarrierLookupPort lookup;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(String carrier, Instant until) {
    }

    public CarrierTable(CarrierLookupPort lookup, Clock clock, Duration ttl) {
        this.lookup = lookup;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** The carrier serving the number, or null when the tables know none. */
    public String carrierOf(PhoneNumber number) {
        Instant now = clock.instant();
        Cached cached = cache.get(number.e164());
        if (cached != null && cached.until().isAfter(now)) {
            return cached.carrier();
        }
        String carrier = lookup.carrierOf(number);
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(number.e164(), new Cached(carrier, now.plus(ttl)));
        return carrier;
    }

    @Override
    public Lookup lookup(String number) {
        PhoneNumber phone = PhoneNumber.of(number);
        var counts = lookup.counts();
        return new Lookup(phone.e164(), lookup.carrierOf(phone), counts.blocks(), counts.ported());
    }

    @Override
    public int load(Reader csv, boolean ported) {
        List<CarrierLookupPort.Entry> entries = new ArrayList<>();
        java.util.Set<String> keys = new java.util.HashSet<>();
        try (BufferedReader lines = new BufferedReader(csv)) {
            String line;
            int row = 0;
            while ((line = lines.readLine()) != null) {
                row++;
                if (line.isBlank()) {
                    continue;
                }
                int comma = line.indexOf(',');
                if (comma < 0) {
                    throw bad(row, "a row is " + (ported ? "number" : "prefix") + ",carrier");
                }
                String key = line.substring(0, comma).trim().replace("\"", "");
                String carrier = line.substring(comma + 1).trim().replace("\"", "");
                if (row == 1 && HEADER.matcher(key).matches()) {
                    continue;
                }
                String normalised = ported ? number(key, row) : prefix(key, row);
                if (!CARRIER.matcher(carrier).matches()) {
                    throw bad(row, "the carrier is 1-64 letters, digits, spaces or &.,'()/_- , not '" + carrier + "'");
                }
                if (!keys.add(normalised)) {
                    throw bad(row, normalised + " is in the file twice");
                }
                entries.add(new CarrierLookupPort.Entry(normalised, carrier));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (entries.isEmpty()) {
            throw new InvalidInputException(ErrorCode.INVALID_CARRIER_TABLE, "the file has no rows; nothing was replaced");
        }
        int stored = ported ? lookup.replacePorted(entries) : lookup.replaceBlocks(entries);
        cache.clear();
        return stored;
    }

    private static String prefix(String key, int row) {
        var matcher = BLOCK.matcher(key);
        if (!matcher.matches()) {
            throw bad(row, "a block is an NPA-NXX (6 digits) or NPA-NXX-X (7 digits) of a US number, optionally as "
                    + "+1 and the digits; not '" + key + "'");
        }
        return "+1" + matcher.group(1);
    }

    private static String number(String key, int row) {
        try {
            return PhoneNumber.of(key).e164();
        } catch (RuntimeException e) {
            throw bad(row, "a ported number is an E.164 number; " + e.getMessage());
        }
    }

    private static InvalidInputException bad(int row, String why) {
        return new InvalidInputException(ErrorCode.INVALID_CARRIER_TABLE, "row " + row + ": " + why
                + "; nothing was replaced");
    }
}
