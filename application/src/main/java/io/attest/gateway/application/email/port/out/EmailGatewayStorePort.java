package io.attest.gateway.application.email.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Email-to-SMS settings, SMTP credentials (hashed), where messages that came by email came from, the fan-out's place. */
public interface EmailGatewayStorePort {

    Optional<StoredSettings> settings(String accountId);

    void putSettings(StoredSettings settings);

    /** Whether any account with email sending on asks for replies or receipts by email. */
    boolean anyForwarding();

    /** @return false when the username is taken */
    boolean insertCredential(StoredCredential credential);

    Optional<StoredCredential> credential(String username);

    List<StoredCredential> credentials(String accountId);

    boolean deleteCredential(String accountId, String username);

    /** Remembers that a message came by email from this sender (once per message). */
    void recordOrigin(Origin origin);

    /** The last message sent by email from {@code fromNumber} to {@code toNumber} of the account, if any. */
    Optional<Origin> lastOrigin(String accountId, String fromNumber, String toNumber);

    Optional<Origin> origin(String messageId);

    /**
     * The fan-out's position, now leased to {@code owner} until {@code leaseUntil}; empty while another node's lease
     * lasts. One node at a time follows the feed.
     */
    java.util.OptionalLong claimFanOut(String owner, Instant now, Instant leaseUntil);

    /** Stores the fan-out's new position, if {@code owner} still holds it. */
    void advanceFanOut(String owner, long position);

    record StoredSettings(String accountId, boolean enabled, List<String> numbers, List<String> allowedSenders,
                          boolean repliesByEmail, boolean receiptsByEmail) {
    }

    record StoredCredential(String username, String accountId, String passwordHash, String description,
                            Instant createdAt) {
    }

    record Origin(String messageId, String accountId, String sender, String fromNumber, String toNumber,
                  Instant at) {
    }
}
