package io.attest.gateway.infrastructure.adapter.out.smpp;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.Duration;

/**
 * The carrier SMSC the gateway binds to. With no host configured and the built-in simulator on, the
 * gateway binds to the simulator.
 */
@ConfigurationProperties("gateway.smpp")
public record SmppClientProperties(String host, Integer port, String systemId, String password, String systemType,
                                   Duration enquireLinkInterval, Duration responseTimeout, Duration reconnectDelay,
                                   Duration bindTimeout, Double maxSubmitsPerSecond) {

    /** @param maxSubmitsPerSecond the bind's cap on submit_sm per second; null or 0 for none */
    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public SmppClientProperties {
        maxSubmitsPerSecond = maxSubmitsPerSecond == null ? 0 : maxSubmitsPerSecond;
        if (maxSubmitsPerSecond < 0) {
            throw new IllegalArgumentException("gateway.smpp.max-submits-per-second must be 0 (no cap) or more");
        }
        systemId = systemId == null ? "attest" : systemId;
        password = password == null ? "attest" : password;
        systemType = systemType == null ? "" : systemType;
        enquireLinkInterval = enquireLinkInterval == null ? Duration.ofSeconds(30) : enquireLinkInterval;
        responseTimeout = responseTimeout == null ? Duration.ofSeconds(10) : responseTimeout;
        reconnectDelay = reconnectDelay == null ? Duration.ofSeconds(2) : reconnectDelay;
        bindTimeout = bindTimeout == null ? Duration.ofSeconds(10) : bindTimeout;
        // SMPP 3.4 §4.1: the fields are C-Octet Strings of at most 16, 9 and 13 octets with their NUL
        requireAtMost("gateway.smpp.system-id", systemId, 15);
        requireAtMost("gateway.smpp.password", password, 8);
        requireAtMost("gateway.smpp.system-type", systemType, 12);
    }

    public SmppClientProperties(String host, Integer port, String systemId, String password, String systemType,
                                Duration enquireLinkInterval, Duration responseTimeout, Duration reconnectDelay,
                                Duration bindTimeout) {
        this(host, port, systemId, password, systemType, enquireLinkInterval, responseTimeout, reconnectDelay,
                bindTimeout, null);
    }

    private static void requireAtMost(String property, String value, int characters) {
        if (value.length() > characters) {
            throw new IllegalArgumentException(property + " is " + value.length() + " characters; SMPP 3.4 allows at most "
                    + characters);
        }
    }

    public boolean hostConfigured() {
        return host != null && !host.isBlank();
    }
}
