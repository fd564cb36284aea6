package io.attest.gateway.application.email.port.out;

/** Mail out through the configured SMTP relay. */
public interface SendEmailPort {

    /**
     * @throws RuntimeException when the relay does not take it; the caller tries again later
     */
    void send(String to, String subject, String text);

    /** Whether a relay is configured at all. */
    boolean configured();
}
