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
                                   Duration bindTimeout, Double maxSubmitsPerSecond, java.util.List<Connection> connections,
                                   String multipart) {

    /** @param maxSubmitsPerSecond the bind's cap on submit_sm per second; null or 0 for none */
    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public SmppClientProperties {
        maxSubmitsPerSecond = maxSubmitsPerSecond == null ? 0 : maxSubmitsPerSecond;
        multipart = multipart == null || multipart.isBlank() ? "udh" : multipart.trim().toLowerCase(java.util.Locale.ROOT);
        if (!java.util.List.of("udh", "sar", "payload").contains(multipart)) {
            throw new IllegalArgumentException("gateway.smpp.multipart is udh, sar or payload, not " + multipart);
        }
        connections = connections == null ? java.util.List.of() : java.util.List.copyOf(connections);
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Connection connection : connections) {
            if (!names.add(connection.name())) {
                throw new IllegalArgumentException("gateway.smpp.connections: the name " + connection.name() + " is used twice");
            }
        }
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
                bindTimeout, null, null, null);
    }

    public SmppClientProperties(String host, Integer port, String systemId, String password, String systemType,
                                Duration enquireLinkInterval, Duration responseTimeout, Duration reconnectDelay,
                                Duration bindTimeout, Double maxSubmitsPerSecond) {
        this(host, port, systemId, password, systemType, enquireLinkInterval, responseTimeout, reconnectDelay,
                bindTimeout, maxSubmitsPerSecond, null, null);
    }

    public SmppClientProperties(String host, Integer port, String systemId, String password, String systemType,
                                Duration enquireLinkInterval, Duration responseTimeout, Duration reconnectDelay,
                                Duration bindTimeout, Double maxSubmitsPerSecond, java.util.List<Connection> connections) {
        this(host, port, systemId, password, systemType, enquireLinkInterval, responseTimeout, reconnectDelay,
                bindTimeout, maxSubmitsPerSecond, connections, null);
    }

    public SmppCarrierAdapter.Multipart multipartMode() {
        return SmppCarrierAdapter.Multipart.valueOf(multipart.toUpperCase(java.util.Locale.ROOT));
    }

    /** The settings of one of several connections: its own SMSC and account, the timings shared. */
    public SmppClientProperties forConnection(Connection connection) {
        return new SmppClientProperties(connection.host(), connection.port(),
                connection.systemId() == null ? systemId : connection.systemId(),
                connection.password() == null ? password : connection.password(),
                connection.systemType() == null ? systemType : connection.systemType(),
                enquireLinkInterval, responseTimeout, reconnectDelay, bindTimeout,
                connection.maxSubmitsPerSecond() == null ? maxSubmitsPerSecond : connection.maxSubmitsPerSecond(), null,
                connection.multipart() == null ? multipart : connection.multipart());
    }

    /**
     * One carrier connection among several, tried in the order listed.
     *
     * @param host   the SMSC; absent for the built-in simulator
     * @param routes E.164 prefixes (such as {@code +1555}) of the destinations it takes; empty for every destination
     */
    public record Connection(String name, String host, Integer port, String systemId, String password,
                             String systemType, Double maxSubmitsPerSecond, java.util.List<String> routes,
                             String multipart) {

        public Connection(String name, String host, Integer port, String systemId, String password, String systemType,
                          Double maxSubmitsPerSecond, java.util.List<String> routes) {
            this(name, host, port, systemId, password, systemType, maxSubmitsPerSecond, routes, null);
        }


        @org.springframework.boot.context.properties.bind.ConstructorBinding
        public Connection {
            if (name == null || !name.matches("[a-z0-9-]{1,20}")) {
                throw new IllegalArgumentException("gateway.smpp.connections[].name must be 1-20 of [a-z0-9-], not " + name);
            }
            if (host != null && !host.isBlank() && port == null) {
                throw new IllegalArgumentException("gateway.smpp.connections[" + name + "].port must be set with its host");
            }
            routes = routes == null ? java.util.List.of() : java.util.List.copyOf(routes);
            for (String route : routes) {
                if (!route.matches("\\+[0-9]{1,15}")) {
                    throw new IllegalArgumentException("gateway.smpp.connections[" + name + "].routes: '" + route
                            + "' is not an E.164 prefix such as +1555");
                }
            }
        }
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
