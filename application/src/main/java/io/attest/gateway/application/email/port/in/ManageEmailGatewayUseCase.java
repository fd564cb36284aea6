package io.attest.gateway.application.email.port.in;

import io.attest.gateway.domain.shared.AccountId;

import java.time.Instant;
import java.util.List;

/**
 * An account's email-to-SMS settings (docs/email.md): which of its numbers mail may send from, which sender addresses
 * or domains may send, whether replies and receipts go back by email; and its SMTP credentials, whose passwords are
 * shown once and kept only as hashes.
 */
public interface ManageEmailGatewayUseCase {

    int MAX_CREDENTIALS = 20;

    /** The account's settings, or disabled ones when it never set any. */
    Settings settings(AccountId account);

    /** Replaces the account's settings, each number checked to be the account's own. */
    Settings configure(AccountId account, Settings settings);

    Issued issueCredential(AccountId account, String description);

    List<Credential> credentials(AccountId account);

    /** @throws io.attest.gateway.application.shared.NotFoundException when the account has no such credential */
    void revokeCredential(AccountId account, String username);

    /**
     * @param numbers          E.164 numbers of the account a mail may send from; the first unless the mail names
     *                         another in its {@code X-Attest-From} header
     * @param allowedSenders   sender addresses ({@code alerts@acme.example}) or whole domains ({@code @acme.example})
     * @param repliesByEmail   a subscriber's reply to a message that came by email goes to its sender by email
     * @param receiptsByEmail  a message's delivery or failure is told to its sender by email
     */
    record Settings(boolean enabled, List<String> numbers, List<String> allowedSenders, boolean repliesByEmail,
                    boolean receiptsByEmail) {
    }

    record Credential(String username, String description, Instant createdAt) {
    }

    /** A new credential with its password, shown this once. */
    record Issued(Credential credential, String password) {
    }
}
