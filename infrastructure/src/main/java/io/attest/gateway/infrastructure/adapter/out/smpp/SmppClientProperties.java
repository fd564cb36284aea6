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
                                   String multipart, String bindType, Integer binds, Integer window, String addressRange,
                                   Integer sourceTon, Integer sourceNpi, Integer destinationTon, Integer destinationNpi,
                                   Boolean gsm7Packed, Duration maxReconnectDelay) {

    /** The bind types a connection can use: one transceiver per bind, or a transmitter and a receiver. */
    public static final java.util.List<String> BIND_TYPES = java.util.List.of("transceiver", "transmitter-receiver");

    /**
     * @param maxSubmitsPerSecond the cap on submit_sm per second of each bind; null or 0 for none
     * @param bindType            {@code transceiver} (default) or {@code transmitter-receiver}
     * @param binds               how many binds (transceivers, or transmitter and receiver pairs) the connection keeps
     * @param window              at most this many submit_sm of one bind wait for their submit_sm_resp at once
     * @param addressRange        the bind's address_range (the numbers whose messages this bind receives); empty for any
     * @param gsm7Packed          GSM 03.38 text as packed septets (7 bits each) instead of one octet per character
     * @param maxReconnectDelay   the ceiling of the exponential back-off between bind attempts
     */
    @org.springframework.boot.context.properties.bind.ConstructorBinding
    public SmppClientProperties {
        bindType = bindType == null || bindType.isBlank() ? "transceiver" : bindType.trim().toLowerCase(java.util.Locale.ROOT);
        if (!BIND_TYPES.contains(bindType)) {
            throw new IllegalArgumentException("gateway.smpp.bind-type is transceiver or transmitter-receiver, not " + bindType);
        }
        binds = binds == null ? 1 : binds;
        window = window == null ? 10 : window;
        if (binds < 1 || binds > 32) {
            throw new IllegalArgumentException("gateway.smpp.binds must be 1 to 32, not " + binds);
        }
        if (window < 1 || window > 1000) {
            throw new IllegalArgumentException("gateway.smpp.window must be 1 to 1000, not " + window);
        }
        addressRange = addressRange == null ? "" : addressRange;
        requireAtMost("gateway.smpp.address-range", addressRange, 40);
        sourceTon = ton("source-ton", sourceTon == null ? 1 : sourceTon);
        sourceNpi = npi("source-npi", sourceNpi == null ? 1 : sourceNpi);
        destinationTon = ton("destination-ton", destinationTon == null ? 1 : destinationTon);
        destinationNpi = npi("destination-npi", destinationNpi == null ? 1 : destinationNpi);
        gsm7Packed = gsm7Packed != null && gsm7Packed;
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
        maxReconnectDelay = maxReconnectDelay == null ? Duration.ofMinutes(1) : maxReconnectDelay;
        if (maxReconnectDelay.compareTo(reconnectDelay) < 0) {
            maxReconnectDelay = reconnectDelay;
        }
        // SMPP 3.4 §4.1: the fields are C-Octet Strings of at most 16, 9 and 13 octets with their NUL
        requireAtMost("gateway.smpp.system-id", systemId, 15);
        requireAtMost("gateway.smpp.password", password, 8);
        requireAtMost("gateway.smpp.system-type", systemType, 12);
    }

    public SmppClientProperties(String host, Integer port, String systemId, String password, String systemType,
                                Duration enquireLinkInterval, Duration responseTimeout, Duration reconnectDelay,
                                Duration bindTimeout) {
        this(host, port, systemId, password, systemType, enquireLinkInterval, responseTimeout, reconnectDelay,
                bindTimeout, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public SmppClientProperties(String host, Integer port, String systemId, String password, String systemType,
                                Duration enquireLinkInterval, Duration responseTimeout, Duration reconnectDelay,
                                Duration bindTimeout, Double maxSubmitsPerSecond) {
        this(host, port, systemId, password, systemType, enquireLinkInterval, responseTimeout, reconnectDelay,
                bindTimeout, maxSubmitsPerSecond, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    public SmppClientProperties(String host, Integer port, String systemId, String password, String systemType,
                                Duration enquireLinkInterval, Duration responseTimeout, Duration reconnectDelay,
                                Duration bindTimeout, Double maxSubmitsPerSecond, java.util.List<Connection> connections) {
        this(host, port, systemId, password, systemType, enquireLinkInterval, responseTimeout, reconnectDelay,
                bindTimeout, maxSubmitsPerSecond, connections, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** These settings with binds of the given type, count and window (for tests and tools). */
    public SmppClientProperties withBinds(String bindType, int binds, int window) {
        return new SmppClientProperties(host, port, systemId, password, systemType, enquireLinkInterval, responseTimeout,
                reconnectDelay, bindTimeout, maxSubmitsPerSecond, connections, multipart, bindType, binds, window,
                addressRange, sourceTon, sourceNpi, destinationTon, destinationNpi, gsm7Packed, maxReconnectDelay);
    }

    /** These settings with GSM-7 text packed or not, and the given multipart mode (for tests and tools). */
    public SmppClientProperties withEncoding(boolean packed, String multipartMode) {
        return new SmppClientProperties(host, port, systemId, password, systemType, enquireLinkInterval, responseTimeout,
                reconnectDelay, bindTimeout, maxSubmitsPerSecond, connections, multipartMode, bindType, binds, window,
                addressRange, sourceTon, sourceNpi, destinationTon, destinationNpi, packed, maxReconnectDelay);
    }

    public boolean separateReceiver() {
        return "transmitter-receiver".equals(bindType);
    }

    private static int ton(String property, int value) {
        if (value < 0 || value > 6) {
            throw new IllegalArgumentException("gateway.smpp." + property + " is a type of number 0 to 6 (SMPP 3.4 §5.2.5), not " + value);
        }
        return value;
    }

    private static int npi(String property, int value) {
        if (!java.util.Set.of(0, 1, 3, 4, 6, 8, 9, 10, 14, 18).contains(value)) {
            throw new IllegalArgumentException("gateway.smpp." + property + " is a numbering plan of SMPP 3.4 §5.2.6 "
                    + "(0, 1, 3, 4, 6, 8, 9, 10, 14 or 18), not " + value);
        }
        return value;
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
                connection.multipart() == null ? multipart : connection.multipart(),
                or(connection.bindType(), bindType), or(connection.binds(), binds), or(connection.window(), window),
                or(connection.addressRange(), addressRange), or(connection.sourceTon(), sourceTon),
                or(connection.sourceNpi(), sourceNpi), or(connection.destinationTon(), destinationTon),
                or(connection.destinationNpi(), destinationNpi), or(connection.gsm7Packed(), gsm7Packed), maxReconnectDelay);
    }

    private static <T> T or(T own, T shared) {
        return own == null ? shared : own;
    }

    /**
     * One carrier connection among several, tried in the order listed.
     *
     * @param host   the SMSC; absent for the built-in simulator
     * @param routes E.164 prefixes (such as {@code +1555}) of the destinations it takes; empty for every destination
     */
    public record Connection(String name, String host, Integer port, String systemId, String password,
                             String systemType, Double maxSubmitsPerSecond, java.util.List<String> routes,
                             String multipart, String bindType, Integer binds, Integer window, String addressRange,
                             Integer sourceTon, Integer sourceNpi, Integer destinationTon, Integer destinationNpi,
                             Boolean gsm7Packed) {

        public Connection(String name, String host, Integer port, String systemId, String password, String systemType,
                          Double maxSubmitsPerSecond, java.util.List<String> routes) {
            this(name, host, port, systemId, password, systemType, maxSubmitsPerSecond, routes, null);
        }

        public Connection(String name, String host, Integer port, String systemId, String password, String systemType,
                          Double maxSubmitsPerSecond, java.util.List<String> routes, String multipart) {
            this(name, host, port, systemId, password, systemType, maxSubmitsPerSecond, routes, multipart, null, null,
                    null, null, null, null, null, null, null);
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
