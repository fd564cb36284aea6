package io.attest.gateway.application.smppclient.port.in;

import io.attest.gateway.domain.shared.AccountId;

import java.time.Instant;
import java.util.List;

/**
 * An account's SMPP credentials: the {@code system_id} and password its SMPP clients bind with, with the limits of
 * each. The password is shown once, when the credential is issued; only a hash of it is kept.
 */
public interface ManageSmppCredentialsUseCase {

    Issued issue(AccountId account, CredentialSettings settings);

    List<Credential> credentials(AccountId account);

    /** @throws io.attest.gateway.application.shared.NotFoundException when the account has no such credential */
    Credential credential(AccountId account, String systemId);

    /** Deletes the credential: no new bind with it, and its open binds are closed. */
    void revoke(AccountId account, String systemId);

    /**
     * @param allowedAddresses   IP addresses or CIDR blocks a bind may come from; empty for any
     * @param maxBinds           open binds at once, of any type
     * @param window             submits of one bind awaiting their response at once
     * @param submitsPerSecond   submits a second over all of the credential's binds on a node; 0 for no limit
     * @param gsm7Packed         whether its clients pack GSM-7 septets (data_coding 0) into octets; they do not by default
     */
    record CredentialSettings(String description, List<String> allowedAddresses, Integer maxBinds, Integer window,
                              Integer submitsPerSecond, Boolean gsm7Packed) {
    }

    record Credential(String systemId, String accountId, String description, List<String> allowedAddresses,
                      int maxBinds, int window, int submitsPerSecond, boolean gsm7Packed, Instant createdAt) {
    }

    /** A new credential with its password, which is never shown again. */
    record Issued(Credential credential, String password) {
    }
}
