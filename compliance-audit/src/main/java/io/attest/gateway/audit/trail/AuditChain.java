package io.attest.gateway.audit.trail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The hash chain over one account's audit entries (docs/audit-chain.md). An entry's hash is SHA-256 over
 * the previous entry's hash, a newline, and the entry's canonical JSON: keys sorted, no whitespace, times
 * as ISO-8601 UTC with milliseconds. The first entry's previous hash is 64 zeros.
 */
public final class AuditChain {

    public static final String GENESIS = "0".repeat(64);

    private AuditChain() {
    }

    /** The chained content of one entry. Times are cut to milliseconds, as stored. */
    public record Entry(String accountId, long entryNumber, String eventId, String messageId, String eventType,
                        Instant occurredAt, String summary) {

        public Entry {
            occurredAt = occurredAt.truncatedTo(ChronoUnit.MILLIS);
        }
    }

    /** An entry as stored, with the hashes it was stored with. */
    public record Stored(Entry entry, String previousHash, String entryHash) {
    }

    /**
     * What verification found.
     *
     * @param firstBrokenEntry the entry number where the chain first fails, or null when it holds
     * @param problem          what is wrong there, in words; null when the chain holds
     * @param head             the hash of the last entry checked (the chain head), or {@link #GENESIS}
     */
    public record Verification(String accountId, long entriesChecked, Long firstBrokenEntry, String problem,
                               String head) {

        public boolean valid() {
            return firstBrokenEntry == null;
        }
    }

    public static String canonical(Entry entry) {
        Map<String, Object> fields = new TreeMap<>();
        fields.put("accountId", entry.accountId());
        fields.put("entryNumber", entry.entryNumber());
        fields.put("eventId", entry.eventId());
        fields.put("eventType", entry.eventType());
        fields.put("messageId", entry.messageId());
        fields.put("occurredAt", isoMillis(entry.occurredAt()));
        fields.put("summary", entry.summary());
        StringBuilder json = new StringBuilder("{");
        fields.forEach((key, value) -> {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append('"').append(key).append("\":");
            if (value instanceof Number number) {
                json.append(number.longValue());
            } else {
                io.attest.gateway.application.shared.JsonText.appendQuoted(json, (String) value);
            }
        });
        return json.append('}').toString();
    }

    /** ISO-8601 UTC with exactly three fraction digits: 2026-11-25T12:00:00.000Z. */
    public static String isoMillis(Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(java.time.ZoneOffset.UTC).format(at);
    }

    public static String hash(String previousHash, Entry entry) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((previousHash + "\n" + canonical(entry)).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Checks a chain given in entry-number order, from its first entry. */
    public static Verification verify(String accountId, List<Stored> entries) {
        String previous = GENESIS;
        long expectedNumber = 1;
        long checked = 0;
        for (Stored stored : entries) {
            long number = stored.entry().entryNumber();
            if (number != expectedNumber) {
                return new Verification(accountId, checked, expectedNumber, number > expectedNumber
                        ? "entry " + expectedNumber + " is missing (next stored entry is " + number + ")"
                        : "entry " + number + " appears out of order", previous);
            }
            if (!previous.equals(stored.previousHash())) {
                return new Verification(accountId, checked, number,
                        "entry " + number + " does not follow the entry before it (previous hash differs)", previous);
            }
            String recomputed = hash(previous, stored.entry());
            if (!recomputed.equals(stored.entryHash())) {
                return new Verification(accountId, checked, number,
                        "entry " + number + " was changed after it was written (its hash differs)", previous);
            }
            previous = stored.entryHash();
            expectedNumber++;
            checked++;
        }
        return new Verification(accountId, checked, null, null, previous);
    }
}
