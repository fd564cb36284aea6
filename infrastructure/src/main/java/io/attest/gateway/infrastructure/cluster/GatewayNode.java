package io.attest.gateway.infrastructure.cluster;

/**
 * This gateway process among the nodes on one database: its id names it in {@code gateway_node} and as the owner of
 * its event-processor claims in {@code token_entry}. Host, process id and a random part, so a restarted process on
 * the same host is a new node.
 */
public record GatewayNode(String id) {

    public static GatewayNode ofThisProcess() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "unknown-host";
        }
        return new GatewayNode(host + ":" + ProcessHandle.current().pid() + ":"
                + java.util.UUID.randomUUID().toString().substring(0, 8));
    }
}
