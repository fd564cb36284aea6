package io.attest.gateway.infrastructure.smpp.server;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The gateway's SMPP server for client applications ({@code gateway.smpp-server.*}, docs/smpp-server.md).
 *
 * @param address            the address it listens on
 * @param port               its TCP port; 0 for one the system picks
 * @param bindTimeout        how long a new connection may take to bind before it is closed
 * @param enquireLink        a bind idle this long gets an enquire_link
 * @param responseTimeout    how long a client has to answer a deliver_sm
 * @param receiptExpiry      receipts and inbound messages no client received within this long are not sent any more
 * @param deliveryInterval   how often pending receipts and inbound messages are looked for
 * @param bindFailureDelay   how long a refused bind waits before its answer: wrong passwords come slowly
 * @param bindFailureLimit   failed binds of one system_id, or from one address, within 15 minutes before it is locked
 * @param partExpiry         how long the parts of a concatenated submit wait for the rest before they are dropped
 * @param tls                a second port for clients that bind over TLS; off without a key store
 */
@ConfigurationProperties("gateway.smpp-server")
public record SmppServerProperties(Boolean enabled, String address, Integer port, Duration bindTimeout,
                                   Duration enquireLink, Duration responseTimeout, Duration receiptExpiry,
                                   Duration deliveryInterval, Duration bindFailureDelay, Integer bindFailureLimit,
                                   Duration partExpiry, Tls tls) {

    public SmppServerProperties {
        enabled = enabled == null || enabled;
        address = address == null ? "0.0.0.0" : address;
        port = port == null ? 2776 : port;
        bindTimeout = bindTimeout == null ? Duration.ofSeconds(10) : bindTimeout;
        enquireLink = enquireLink == null ? Duration.ofSeconds(30) : enquireLink;
        responseTimeout = responseTimeout == null ? Duration.ofSeconds(10) : responseTimeout;
        receiptExpiry = receiptExpiry == null ? Duration.ofHours(72) : receiptExpiry;
        deliveryInterval = deliveryInterval == null ? Duration.ofMillis(250) : deliveryInterval;
        bindFailureDelay = bindFailureDelay == null ? Duration.ofSeconds(1) : bindFailureDelay;
        bindFailureLimit = bindFailureLimit == null ? 10 : bindFailureLimit;
        partExpiry = partExpiry == null ? Duration.ofMinutes(10) : partExpiry;
        tls = tls == null ? new Tls(null, null, null, null) : tls;
    }

    /**
     * @param port             the TLS port (0: one the system picks; default 3551)
     * @param keyStore         a PKCS12 file with the server's private key and certificate chain; TLS is off without it
     * @param keyStorePassword the key store's password (and its key's)
     * @param protocols        the TLS versions offered (default TLSv1.3 and TLSv1.2)
     */
    public record Tls(Integer port, String keyStore, String keyStorePassword, java.util.List<String> protocols) {

        public Tls {
            port = port == null ? 3551 : port;
            protocols = protocols == null || protocols.isEmpty() ? java.util.List.of("TLSv1.3", "TLSv1.2")
                    : java.util.List.copyOf(protocols);
        }

        public boolean enabled() {
            return keyStore != null && !keyStore.isBlank();
        }

        /** The server's TLS context, from its key store. */
        public javax.net.ssl.SSLContext context() throws java.io.IOException, java.security.GeneralSecurityException {
            char[] password = keyStorePassword == null ? new char[0] : keyStorePassword.toCharArray();
            java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
            try (var in = java.nio.file.Files.newInputStream(java.nio.file.Path.of(keyStore))) {
                store.load(in, password);
            }
            javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(
                    javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            keys.init(store, password);
            javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), null, null);
            return context;
        }
    }
}
