package io.attest.gateway.application.email.port.out;

/** Mail out through the configured SMTP relay. */
public interface SendEmailPort {

    /**
     * @throws RefusedException when the relay refuses the mail for good (an address it does not accept)
     * @throws RuntimeException when the relay does not take it now; the caller tries again later
     */
    void send(String to, String subject, String text);

    /** A mail the relay will never take. */
    class RefusedException extends RuntimeException {
        public RefusedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Whether a relay is configured at all. */
    boolean configured();
}
