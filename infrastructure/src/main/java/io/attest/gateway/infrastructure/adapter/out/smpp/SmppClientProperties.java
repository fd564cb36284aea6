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
                                   Duration bindTimeout) {

    public SmppClientProperties {
        systemId = systemId == null ? "attest" : systemId;
        password = password == null ? "attest" : password;
        systemType = systemType == null ? "" : systemType;
        enquireLinkInterval = enquireLinkInterval == null ? Duration.ofSeconds(30) : enquireLinkInterval;
        responseTimeout = responseTimeout == null ? Duration.ofSeconds(10) : responseTimeout;
        reconnectDelay = reconnectDelay == null ? Duration.ofSeconds(2) : reconnectDelay;
        bindTimeout = bindTimeout == null ? Duration.ofSeconds(10) : bindTimeout;
    }

    public boolean hostConfigured() {
        return host != null && !host.isBlank();
    }
}
