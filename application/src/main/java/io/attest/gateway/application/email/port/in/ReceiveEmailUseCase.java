package io.attest.gateway.application.email.port.in;

import io.attest.gateway.domain.shared.AccountId;

import java.util.Optional;

/**
 * Mail received over SMTP turned into a message through the same send path as the API. The SMTP server asks at each
 * step of a mail transaction, and answers what this says: a 2xx only once the message is recorded, a 5xx for what
 * will never pass (with the rule that refused it), a 4xx for what may pass later, so the sending server retries.
 */
public interface ReceiveEmailUseCase {

    /** The account of an SMTP login, or empty when the username or password is wrong. */
    Optional<AccountId> authenticate(String username, String password);

    /** The account of a username that logged in. */
    Optional<AccountId> accountOf(String username);

    /** Whether the account lets this envelope sender send; an account without email sending lets none. */
    Answer sender(AccountId account, String address);

    /** Whether this envelope recipient is a phone number at the gateway's domain. */
    Answer recipient(AccountId account, String address);

    /** Sends the mail's text to the recipient, recorded before the answer. */
    Answer deliver(Mail mail);

    /**
     * A received mail.
     *
     * @param messageIdHeader its {@code Message-ID}: a mail delivered again with the same one is recorded once
     * @param dateHeader      its {@code Date}: without a {@code Message-ID}, a mail delivered again with the same date,
     *                        sender, subject and text is recorded once
     * @param fromHeader      its {@code X-Attest-From} header: which of the account's numbers to send from, or null
     * @param plainText       its text/plain part, or null
     * @param html            its text/html part, or null (used when there is no plain part)
     */
    record Mail(AccountId account, String sender, String recipient, String messageIdHeader, String dateHeader,
                String fromHeader, String subject, String plainText, String html) {
    }

    /**
     * An SMTP reply: {@code code} (250, 4xx, 5xx), the enhanced status code (RFC 3463) and the words.
     */
    record Answer(int code, String enhanced, String text) {

        public static Answer ok(String text) {
            return new Answer(250, "2.0.0", text);
        }

        public boolean accepted() {
            return code < 400;
        }

        public String reply() {
            return code + " " + enhanced + " " + text;
        }
    }
}
