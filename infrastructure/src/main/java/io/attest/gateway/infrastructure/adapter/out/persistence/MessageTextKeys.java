package io.attest.gateway.infrastructure.adapter.out.persistence;

import io.attest.gateway.application.message.port.out.SealMessageTextPort;
import io.attest.gateway.domain.campaign.UseCase;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Seals message text with a key per retention class and UTC day, kept in {@code message_text_key} encrypted with the
 * gateway's secrets key (crypto-shredding, docs/security.md#message-text). When a class's retention ends for a day,
 * {@link #destroyExpired(Instant)} deletes that day's key: every sealed copy of its texts, wherever it is stored,
 * can no longer be read, and the append-only event store and the audit chain over it stay untouched.
 *
 * <p>Two classes: one-time codes (messages of campaigns whose use case is two-factor authentication) and every
 * other text, inbound messages included, each with its own retention. A key is created in a transaction of its own,
 * committed before anything is sealed with it, so no text is ever sealed with a key that was not stored. A text is
 * unreadable on every node from the moment its retention ends by the clock, whether or not the keys were deleted yet.
 *
 * <p>Stored form: {@code sealed:v1:<class>:<yyyyMMdd>:<base64url of nonce and AES-256-GCM ciphertext>}, the part
 * before the ciphertext authenticated with it.
 */
public class MessageTextKeys implements SealMessageTextPort {

    private static final Logger log = LoggerFactory.getLogger(MessageTextKeys.class);
    static final String PREFIX = "sealed:v1:";
    private static final Pattern SEALED = Pattern.compile("sealed:v1:(text|codes):(\\d{8}):([A-Za-z0-9_-]{16,})");
    /** A sealed string as a JSON string value: nothing in the form needs escaping. */
    private static final Pattern SEALED_IN_JSON = Pattern.compile("\"(sealed:v1:(?:text|codes):\\d{8}:[A-Za-z0-9_-]{16,})\"");
    private static final DateTimeFormatter DAY = DateTimeFormatter.BASIC_ISO_DATE;

    /** How long the texts of a class are kept; a zero retention keeps them for ever. */
    public record Retention(Duration messageText, Duration oneTimeCodeText) {

        /** A message may be submitted up to 7 days after its acceptance: its text must outlive that. */
        public static final Duration MINIMUM = Duration.ofDays(8);

        public Retention {
            check("gateway.retention.message-text", messageText);
            check("gateway.retention.one-time-code-text", oneTimeCodeText);
        }

        private static void check(String name, Duration retention) {
            if (retention.isNegative() || (!retention.isZero() && retention.compareTo(MINIMUM) < 0)) {
                throw new IllegalStateException(name + " is " + retention + ": it must be at least 8 days (a message "
                        + "may still be sent 7 days after its acceptance), or 0 to keep texts for ever");
            }
        }

        Duration of(KeyClass keyClass) {
            return keyClass == KeyClass.CODES ? oneTimeCodeText : messageText;
        }
    }

    enum KeyClass {
        TEXT("text"), CODES("codes");

        final String stored;

        KeyClass(String stored) {
            this.stored = stored;
        }

        static KeyClass of(UseCase useCase) {
            return useCase == UseCase.TWO_FACTOR_AUTHENTICATION ? CODES : TEXT;
        }

        static KeyClass stored(String stored) {
            return stored.equals(CODES.stored) ? CODES : TEXT;
        }
    }

    private record KeyId(KeyClass keyClass, LocalDate day) {
    }

    private final DSLContext db;
    private final SecretCipher wrapping;
    private final TransactionTemplate ownTransaction;
    private final Clock clock;
    private final Retention retention;
    private final SecureRandom random = new SecureRandom();
    private final Map<KeyId, SecretKeySpec> keys = new ConcurrentHashMap<>();
    /** Keys found missing: destroyed, never to come back. */
    private final Set<KeyId> gone = ConcurrentHashMap.newKeySet();

    public MessageTextKeys(DSLContext db, SecretCipher wrapping, PlatformTransactionManager transactions, Clock clock,
                           Retention retention) {
        this.db = db;
        this.wrapping = wrapping;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.retention = retention;
    }

    /**
     * A node whose secrets key cannot open the day keys the others stored could neither read their texts nor seal
     * texts they can read: it does not start, and is told which key to share.
     */
    public void refuseKeysOfAnotherSecretsKey() {
        List<String> others = new ArrayList<>();
        for (String wrapped : db.fetch("SELECT DISTINCT wrapped_key FROM message_text_key").getValues(0, String.class)) {
            String keyId = SecretCipher.keyIdOf(wrapped);
            if (keyId != null && !keyId.equals(wrapping.keyId()) && !others.contains(keyId)) {
                others.add(keyId);
            }
        }
        if (!others.isEmpty()) {
            throw new IllegalStateException("The keys of the message texts in this database are encrypted with key(s) "
                    + others + " that this node does not have (its key is " + wrapping.keyId() + "). Every node of a "
                    + "deployment encrypts with the same key: give this node the others' key file "
                    + "(gateway.webhooks.secret-key-file; on the embedded default the first node's "
                    + "<gateway.data-dir>/webhook-secret-key)");
        }
    }

    @Override
    public String seal(String text, UseCase useCase, Instant at) {
        if (text == null) {
            return null;
        }
        KeyId id = new KeyId(KeyClass.of(useCase), at.atZone(ZoneOffset.UTC).toLocalDate());
        SecretKeySpec key = key(id, true);
        if (key == null) {
            return null; // its retention has ended: nothing of it is kept
        }
        String header = PREFIX + id.keyClass().stored + ":" + DAY.format(id.day()) + ":";
        try {
            byte[] stored = AesGcm.seal(key, header.getBytes(StandardCharsets.US_ASCII),
                    text.getBytes(StandardCharsets.UTF_8), random);
            return header + Base64.getUrlEncoder().withoutPadding().encodeToString(stored);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a message text", e);
        }
    }

    @Override
    public String unseal(String stored) {
        if (stored == null || !stored.startsWith(PREFIX)) {
            return stored;
        }
        Matcher form = SEALED.matcher(stored);
        if (!form.matches()) {
            throw new IllegalStateException("a sealed message text is malformed");
        }
        KeyId id = new KeyId(KeyClass.stored(form.group(1)), LocalDate.parse(form.group(2), DAY));
        SecretKeySpec key = key(id, false);
        if (key == null) {
            return null;
        }
        try {
            byte[] aad = stored.substring(0, stored.length() - form.group(3).length()).getBytes(StandardCharsets.US_ASCII);
            return new String(AesGcm.open(key, aad, Base64.getUrlDecoder().decode(form.group(3))), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a sealed message text of " + id.day() + " does not open with its key: "
                    + "it was changed", e);
        }
    }

    @Override
    public String unsealWithin(String json) {
        if (json == null || !json.contains(PREFIX)) {
            return json;
        }
        Matcher sealed = SEALED_IN_JSON.matcher(json);
        StringBuilder out = new StringBuilder(json.length());
        while (sealed.find()) {
            String text = unseal(sealed.group(1));
            sealed.appendReplacement(out, Matcher.quoteReplacement(
                    text == null ? "null" : io.attest.gateway.application.shared.JsonText.quote(text)));
        }
        sealed.appendTail(out);
        return out.toString();
    }

    /**
     * Deletes the keys of the days whose retention has ended at {@code now} (a day's texts are kept at least the
     * retention, at most a day more), and forgets them on this node. Answers how many were deleted.
     */
    public int destroyExpired(Instant now) {
        int destroyed = 0;
        for (KeyClass keyClass : KeyClass.values()) {
            LocalDate firstKept = firstDayKept(keyClass, now);
            if (firstKept == null) {
                continue;
            }
            keys.keySet().removeIf(id -> id.keyClass() == keyClass && id.day().isBefore(firstKept));
            destroyed += db.execute("DELETE FROM message_text_key WHERE retention_class = ? AND day < ?::date",
                    keyClass.stored, firstKept.toString());
        }
        return destroyed;
    }

    /** The first day whose texts are still kept at {@code now}; null when the class keeps its texts for ever. */
    private LocalDate firstDayKept(KeyClass keyClass, Instant now) {
        Duration kept = retention.of(keyClass);
        return kept.isZero() ? null : now.minus(kept).atZone(ZoneOffset.UTC).toLocalDate();
    }

    private SecretKeySpec key(KeyId id, boolean create) {
        LocalDate firstKept = firstDayKept(id.keyClass(), clock.instant());
        if ((firstKept != null && id.day().isBefore(firstKept)) || gone.contains(id)) {
            return null;
        }
        SecretKeySpec cached = keys.get(id);
        if (cached != null) {
            return cached;
        }
        String wrapped = stored(id);
        if (wrapped == null && create) {
            wrapped = ownTransaction.execute(status -> {
                byte[] fresh = new byte[32];
                random.nextBytes(fresh);
                db.execute("INSERT INTO message_text_key (retention_class, day, wrapped_key, created_at) "
                                + "VALUES (?, ?::date, ?, ?::timestamptz) ON CONFLICT DO NOTHING", id.keyClass().stored, id.day().toString(),
                        wrapping.encrypt(Base64.getEncoder().encodeToString(fresh)), OffsetDateTime.now(clock).toString());
                return stored(id); // this node's key, or the one another node stored first
            });
        }
        if (wrapped == null) {
            log.debug("the key of the {} texts of {} is gone: they are past their retention", id.keyClass().stored,
                    id.day());
            gone.add(id);
            return null;
        }
        SecretKeySpec key = new SecretKeySpec(Base64.getDecoder().decode(wrapping.decrypt(wrapped)), "AES");
        keys.put(id, key);
        return key;
    }

    private String stored(KeyId id) {
        return db.fetchValue("SELECT wrapped_key FROM message_text_key WHERE retention_class = ? AND day = ?::date",
                id.keyClass().stored, id.day().toString()) instanceof String wrapped ? wrapped : null;
    }
}
