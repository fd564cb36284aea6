package io.attest.gateway.infrastructure.adapter.in.smtp;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The email-to-SMS server ({@code gateway.email.*}, docs/email.md).
 *
 * @param enabled          whether the gateway listens for SMTP at all (off unless set; on in the local default)
 * @param address          the address it listens on
 * @param port             its TCP port; 0 for one the system picks
 * @param domain           the domain of the recipient addresses: {@code +15557654321@<domain>}
 * @param requireTls       STARTTLS before AUTH and any mail; on unless set, off in the local default
 * @param keyStore         a PKCS12 file with the server's key and certificate, for STARTTLS
 * @param keyStorePassword its password (and its key's)
 * @param maxMessageSize   the largest mail taken, in bytes (headers and every part)
 * @param maxConnections   connections at once
 */
@ConfigurationProperties("gateway.email")
public record EmailProperties(Boolean enabled, String address, Integer port, String domain, Boolean requireTls,
                              String keyStore, String keyStorePassword, Integer maxMessageSize,
                              Integer maxConnections) {

    public EmailProperties {
        enabled = enabled != null && enabled;
        address = address == null ? "0.0.0.0" : address;
        port = port == null ? 2525 : port;
        domain = domain == null || domain.isBlank() ? "sms.localhost" : domain.strip();
        requireTls = requireTls == null || requireTls;
        maxMessageSize = maxMessageSize == null ? 256 * 1024 : maxMessageSize;
        maxConnections = maxConnections == null ? 50 : maxConnections;
    }

    public boolean tls() {
        return keyStore != null && !keyStore.isBlank();
    }
}
