package io.attest.gateway.infrastructure.cluster;

import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Shares the event processors' segments among the gateway nodes on one database. Axon's tracking processors claim
 * whatever segment is free and never give one up while they live, so the node that starts first would do all the
 * dispatch and projection work for good. Every node says it is alive in {@code gateway_node} each interval; a node
 * holding more than its fair share of a processor's segments (the segments divided by the live nodes, rounded up)
 * releases the rest for a while, and the other nodes' idle processor threads claim them. A node that dies stops
 * renewing its claims, and the others claim its segments once they time out (the token store's claim timeout).
 * Processors of one segment stay where they are.
 */
public class SegmentBalancer {

    private static final Logger log = LoggerFactory.getLogger(SegmentBalancer.class);
    private static final String DISPATCH_PROCESSOR =
            io.attest.gateway.infrastructure.config.AxonConfiguration.DISPATCH_PROCESSOR;

    private final GatewayNode node;
    private final DSLContext db;
    private final EventProcessingConfiguration processing;
    private final Duration interval;

    private final BindLeases bindLeases;

    public SegmentBalancer(GatewayNode node, DSLContext db, EventProcessingConfiguration processing, Duration interval) {
        this(node, db, processing, interval, null);
    }

    /** @param bindLeases the carrier binds the nodes share; dispatch segments then go only to nodes that hold some */
    public SegmentBalancer(GatewayNode node, DSLContext db, EventProcessingConfiguration processing, Duration interval,
                           BindLeases bindLeases) {
        this.node = node;
        this.db = db;
        this.processing = processing;
        this.interval = interval;
        this.bindLeases = bindLeases == null || bindLeases.isEmpty() ? null : bindLeases;
    }

    /** How long since its last heartbeat a node still counts as alive. */
    Duration liveness() {
        return liveness(interval);
    }

    static Duration liveness(Duration interval) {
        return max(interval.multipliedBy(3), Duration.ofSeconds(10));
    }

    /** How long a released segment is left for the other nodes before this node may claim it again. */
    Duration releaseFor() {
        return max(interval.multipliedBy(4), Duration.ofSeconds(20));
    }

    /** Says this node is alive, then releases what it holds beyond its fair share. */
    public void heartbeatAndBalance() {
        db.execute("""
                INSERT INTO gateway_node (node_id, started_at, heartbeat_at) VALUES (?, now(), now())
                ON CONFLICT (node_id) DO UPDATE SET heartbeat_at = now()""", node.id());
        int nodes = Math.max(1, count("SELECT count(*) FROM gateway_node"
                + " WHERE heartbeat_at > now() - ? * interval '1 millisecond'", liveness().toMillis()));
        BindLeases.Holders senders = null;
        if (bindLeases != null) {
            bindLeases.renew(nodes);
            senders = bindLeases.holders();
        }
        for (EventProcessor processor : processing.eventProcessors().values()) {
            if (processor instanceof StreamingEventProcessor streaming && streaming.isRunning()) {
                if (senders != null && processor.getName().equals(DISPATCH_PROCESSOR)) {
                    // dispatch goes where the binds are: a node that holds none would only keep its messages waiting
                    balance(streaming, senders.includesThisNode() ? Math.max(1, senders.nodes()) : 0);
                } else {
                    balance(streaming, nodes);
                }
            }
        }
        // nodes gone for an hour are forgotten; the table holds only what is, or just was, running
        db.execute("DELETE FROM gateway_node WHERE heartbeat_at < now() - interval '1 hour'");
    }

    private void balance(StreamingEventProcessor processor, int nodes) {
        int segments = count("SELECT count(*) FROM token_entry WHERE processor_name = ?", processor.getName());
        if (segments <= 1) {
            return;
        }
        int fairShare = fairShare(segments, nodes);
        List<Integer> held = processor.processingStatus().keySet().stream().sorted().toList();
        int excess = held.size() - fairShare;
        for (int i = 0; i < excess; i++) {
            int segment = held.get(held.size() - 1 - i);
            log.info("{}: releasing segment {} for the other nodes ({} nodes live, {} of {} segments held here)",
                    processor.getName(), segment, nodes, held.size(), segments);
            processor.releaseSegment(segment, releaseFor().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** A node's share of a processor's segments among {@code nodes} (rounded up); none for a node that may not hold any. */
    static int fairShare(int segments, int nodes) {
        return nodes <= 0 ? 0 : (segments + nodes - 1) / nodes;
    }

    /** Whether the node said it was alive within {@link #liveness()}. */
    public boolean isAlive(String nodeId) {
        return count("SELECT count(*) FROM gateway_node WHERE node_id = ? AND heartbeat_at > now() - ? * interval "
                + "'1 millisecond'", nodeId, liveness().toMillis()) > 0;
    }

    /** When this node stops: the others need not wait for its heartbeat to go stale. */
    public void leave() {
        try {
            db.execute("DELETE FROM gateway_node WHERE node_id = ?", node.id());
        } catch (RuntimeException e) {
            log.debug("could not remove node {} from gateway_node: {}", node.id(), e.toString());
        }
    }

    private int count(String sql, Object... bindings) {
        Object count = db.fetchValue(sql, bindings);
        return count == null ? 0 : ((Number) count).intValue();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
