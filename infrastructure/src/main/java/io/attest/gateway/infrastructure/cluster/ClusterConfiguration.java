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

    @Bean(destroyMethod = "leave")
    public SegmentBalancer segmentBalancer(GatewayNode node, DSLContext db, EventProcessingConfiguration processing,
                                           @Value("${gateway.cluster.balance-interval:5s}") Duration interval) {
        return new SegmentBalancer(node, db, processing, interval);
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
