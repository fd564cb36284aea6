package io.attest.gateway.infrastructure.adapter.out.smpp;

/** Where the carrier connection binds: host and port, resolved at start-up. */
public record SmscEndpoint(String host, int port) {
}
