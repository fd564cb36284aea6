package io.attest.gateway.infrastructure.cluster;

import org.axonframework.config.EventProcessingConfiguration;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Duration;

/** This node's identity among the nodes on its database, and the sharing of the processors' segments. */
@Configuration(proxyBeanMethods = false)
public class ClusterConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ClusterConfiguration.class);

    @Bean
    public GatewayNode gatewayNode() {
        GatewayNode node = GatewayNode.ofThisProcess();
        log.info("Gateway node {}", node.id());
        return node;
    }

    /**
     * The carrier connections whose binds the nodes share: {@code gateway.cluster.bind-limits.<connection>} (the first
     * or only connection is {@code primary}) is how many binds the carrier allows the connection's system_id across
     * the deployment. A connection named there binds only the slots this node leases; the others as configured.
     */
    @Bean(destroyMethod = "releaseAll")
    public BindLeases bindLeases(GatewayNode node, DSLContext db,
                                 io.attest.gateway.infrastructure.adapter.out.smpp.CarrierRouter carriers,
                                 org.springframework.core.env.Environment environment,
                                 @Value("${gateway.cluster.balance-interval:5s}") Duration interval) {
        java.util.Map<String, Integer> limits = org.springframework.boot.context.properties.bind.Binder.get(environment)
                .bind("gateway.cluster.bind-limits", org.springframework.boot.context.properties.bind.Bindable
                        .mapOf(String.class, Integer.class)).orElse(java.util.Map.of());
        java.util.List<BindLeases.LeasedConnection> leased = new java.util.ArrayList<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (var route : carriers.routes()) {
            var adapter = route.connection();
            names.add(adapter.name());
            Integer limit = limits.get(adapter.name());
            if (limit == null) {
                continue;
            }
            if (limit < 1) {
                throw new IllegalStateException("gateway.cluster.bind-limits." + adapter.name() + " must be at least 1");
            }
            adapter.permit(0); // nothing binds before its lease is held
            leased.add(new BindLeases.LeasedConnection() {
                public String name() { return adapter.name(); }
                public int limit() { return limit; }
                public int localBinds() { return adapter.binds().size(); }
                public void permit(int count) { adapter.permit(count); }
            });
        }
        if (!names.containsAll(limits.keySet())) {
            throw new IllegalStateException("gateway.cluster.bind-limits names " + limits.keySet() + ", but the carrier "
                    + "connections are " + names);
        }
        return new BindLeases(node.id(), db, leased, SegmentBalancer.liveness(interval));
    }

    @Bean(destroyMethod = "leave")
    public SegmentBalancer segmentBalancer(GatewayNode node, DSLContext db, EventProcessingConfiguration processing,
                                           @Value("${gateway.cluster.balance-interval:5s}") Duration interval,
                                           BindLeases bindLeases) {
        return new SegmentBalancer(node, db, processing, interval, bindLeases);
    }

    @Bean
    BalancerSchedule balancerSchedule(SegmentBalancer balancer) {
        return new BalancerSchedule(balancer);
    }

    /** Runs the balancer every {@code gateway.cluster.balance-interval}. */
    static final class BalancerSchedule {

        private final SegmentBalancer balancer;

        BalancerSchedule(SegmentBalancer balancer) {
            this.balancer = balancer;
        }

        @Scheduled(fixedDelayString = "${gateway.cluster.balance-interval:5s}", initialDelayString = "1s")
        void run() {
            try {
                balancer.heartbeatAndBalance();
            } catch (RuntimeException e) {
                log.warn("sharing the event processors' segments failed; trying again at the next interval: {}",
                        e.toString());
            }
        }
    }
}
