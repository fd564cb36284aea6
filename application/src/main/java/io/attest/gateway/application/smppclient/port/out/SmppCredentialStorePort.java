package io.attest.gateway.application.smppclient.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where SMPP credentials are kept, with the hash of their password and never the password itself. */
public interface SmppCredentialStorePort {

    /** Stores a new credential; false when its system_id is taken. */
    boolean insert(StoredCredential credential);

    Optional<StoredCredential> find(String systemId);

    List<StoredCredential> ofAccount(String accountId);

    /** Deletes the account's credential; false when it has none with this system_id. */
    boolean delete(String accountId, String systemId);

    /**
     * Makes sure the account has a delivery cursor, starting at the head of its event feed: receipts and inbound
     * messages from before its first credential are not sent to its SMPP clients.
     */
    void startCursor(String accountId);

    record StoredCredential(String systemId, String accountId, String passwordHash, String description,
                            List<String> allowedAddresses, int maxBinds, int window, int submitsPerSecond,
                            boolean gsm7Packed, Instant createdAt) {
    }
}
