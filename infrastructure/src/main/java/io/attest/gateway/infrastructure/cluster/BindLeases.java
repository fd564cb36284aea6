package io.attest.gateway.infrastructure.cluster;

import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the binds of carrier connections within the carrier's limit across the gateway nodes on one database. The
 * carrier allows a connection's system_id so many binds ({@code gateway.cluster.bind-limits.<connection>}); each is a
 * slot in {@code smpp_bind_lease}, and a node opens a bind only while it holds a slot's lease. Every balance interval a
 * node renews its leases, releases those beyond its fair share (the limit divided by the live nodes, rounded up, and
 * never more than the binds it is configured with), and claims free or run-out slots up to that share. A node that
 * dies stops renewing; its leases run out after {@link #leaseFor} and the others claim them. A node that cannot renew
 * (its database is gone) closes its binds once its leases may have run out, so two nodes never hold one slot for
 * longer than a renewal takes.
 */
public class BindLeases {

    private static final Logger log = LoggerFactory.getLogger(BindLeases.class);

    /** A connection whose binds are leased: its name, the deployment's limit, and this node's binds. */
    public interface LeasedConnection {
        String name();

        /** The binds the carrier allows the connection across the deployment. */
        int limit();

        /** The binds this node is configured with, at most. */
        int localBinds();

        /** Lets this node's first {@code count} binds bind, and closes the others. */
        void permit(int count);
    }

    private final String nodeId;
    private final DSLContext db;
    private final List<LeasedConnection> connections;
    private final Duration leaseFor;
    private volatile Instant lastRenewed = Instant.MIN;

    public BindLeases(String nodeId, DSLContext db, List<LeasedConnection> connections, Duration leaseFor) {
        this.nodeId = nodeId;
        this.db = db;
        this.connections = List.copyOf(connections);
        this.leaseFor = leaseFor;
    }

    public boolean isEmpty() {
        return connections.isEmpty();
    }

    /** Renews, releases and claims, given how many nodes are alive now; on failure closes binds whose leases may be gone. */
    public void renew(int liveNodes) {
        try {
            for (LeasedConnection connection : connections) {
                renew(connection, Math.max(1, liveNodes));
            }
            lastRenewed = Instant.now();
        } catch (RuntimeException e) {
            if (Instant.now().isAfter(lastRenewed.plus(leaseFor))) {
                connections.forEach(connection -> connection.permit(0));
                log.warn("bind leases could not be renewed for {}: this node's binds are closed until they are ({})",
                        leaseFor, e.toString());
            }
            throw e;
        }
    }

    private void renew(LeasedConnection connection, int liveNodes) {
        long millis = leaseFor.toMillis();
        List<Integer> mine = new ArrayList<>(db.fetch("UPDATE smpp_bind_lease SET lease_until = now() + ? * interval "
                        + "'1 millisecond' WHERE connection = ? AND node_id = ? AND lease_until > now() RETURNING slot",
                millis, connection.name(), nodeId).getValues(0, Integer.class));
        mine.sort(null);
        int share = fairShare(connection.limit(), liveNodes, connection.localBinds());
        while (mine.size() > share) {
            Integer slot = mine.removeLast();
            connection.permit(mine.size()); // closed before the slot is free for another node
            db.execute("DELETE FROM smpp_bind_lease WHERE connection = ? AND slot = ? AND node_id = ?",
                    connection.name(), slot, nodeId);
            log.info("{}: bind slot {} released for the other nodes ({} nodes live, limit {})", connection.name(), slot,
                    liveNodes, connection.limit());
        }
        for (int slot = 1; slot <= connection.limit() && mine.size() < share; slot++) {
            if (mine.contains(slot)) {
                continue;
            }
            int claimed = db.execute("""
                    INSERT INTO smpp_bind_lease (connection, slot, node_id, lease_until)
                    VALUES (?, ?, ?, now() + ? * interval '1 millisecond')
                    ON CONFLICT (connection, slot) DO UPDATE SET node_id = excluded.node_id,
                        lease_until = excluded.lease_until
                    WHERE smpp_bind_lease.lease_until <= now() OR smpp_bind_lease.node_id = excluded.node_id""",
                    connection.name(), slot, nodeId, millis);
            if (claimed == 1) {
                mine.add(slot);
                log.info("{}: bind slot {} leased ({} of the limit of {} here)", connection.name(), slot, mine.size(),
                        connection.limit());
            }
        }
        connection.permit(mine.size());
    }

    /** A node's share of a connection's binds: the limit over the live nodes, rounded up, at most its own binds. */
    static int fairShare(int limit, int liveNodes, int localBinds) {
        return Math.min(localBinds, (limit + liveNodes - 1) / liveNodes);
    }

    /** How many nodes hold a live bind lease, and whether this is one of them: dispatch goes where binds are. */
    public Holders holders() {
        var row = db.fetchOne("SELECT count(DISTINCT node_id), bool_or(node_id = ?) FROM smpp_bind_lease "
                + "WHERE lease_until > now() AND connection = ANY(?)", nodeId,
                connections.stream().map(LeasedConnection::name).toArray(String[]::new));
        int nodes = row == null || row.get(0) == null ? 0 : ((Number) row.get(0)).intValue();
        boolean here = row != null && Boolean.TRUE.equals(row.get(1));
        return new Holders(nodes, here);
    }

    public record Holders(int nodes, boolean includesThisNode) {
    }

    /** When this node stops: its slots are free at once. */
    public void releaseAll() {
        try {
            connections.forEach(connection -> connection.permit(0));
            db.execute("DELETE FROM smpp_bind_lease WHERE node_id = ?", nodeId);
        } catch (RuntimeException e) {
            log.debug("could not release the bind leases of node {}: {}", nodeId, e.toString());
        }
    }
}
