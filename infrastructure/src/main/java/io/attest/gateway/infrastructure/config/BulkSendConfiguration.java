package io.attest.gateway.infrastructure.config;

import io.attest.gateway.application.bulk.BulkSendService;
import io.attest.gateway.application.bulk.port.in.BulkSendUseCase;
import io.attest.gateway.application.bulk.port.out.BulkSendStorePort;
import io.attest.gateway.application.message.port.in.SendMessageUseCase;
import io.attest.gateway.application.message.port.out.SealMessageTextPort;
import io.attest.gateway.infrastructure.cluster.GatewayNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Bulk sends (docs/console.md#bulk-send): checked and sent by two background threads per node; every 15 s a node takes
 * up the batches whose node stopped working on them ({@code gateway.bulk.lease}, 60 s by default), and forgets
 * batches older than {@code gateway.bulk.retention} (30 days).
 */
@Configuration(proxyBeanMethods = false)
public class BulkSendConfiguration {

    private static final Logger log = LoggerFactory.getLogger(BulkSendConfiguration.class);

    @Bean(destroyMethod = "shutdownNow")
    ExecutorService bulkSendWorkers() {
        return Executors.newFixedThreadPool(2, Thread.ofPlatform().name("bulk-send-", 0).daemon(true).factory());
    }

    @Bean
    public BulkSendService bulkSendService(SendMessageUseCase sends, BulkSendStorePort store,
                                           SealMessageTextPort texts, ExecutorService bulkSendWorkers, Clock clock,
                                           GatewayNode node,
                                           @Value("${gateway.bulk.lease:60s}") Duration lease,
                                           @Value("${gateway.bulk.retention:30d}") Duration retention) {
        return new BulkSendService(sends, store, texts, bulkSendWorkers, clock, node.id(), lease, retention);
    }

    @Bean
    BulkSendTakeUp bulkSendTakeUp(BulkSendUseCase bulk) {
        return new BulkSendTakeUp(bulk);
    }

    /** Takes up what stopped nodes left, every 15 s. */
    static final class BulkSendTakeUp {

        private final BulkSendUseCase bulk;

        BulkSendTakeUp(BulkSendUseCase bulk) {
            this.bulk = bulk;
        }

        @Scheduled(fixedDelayString = "${gateway.bulk.take-up-interval:15s}", initialDelayString = "5s")
        void takeUp() {
            try {
                bulk.takeUpAbandoned();
            } catch (RuntimeException e) {
                log.warn("taking up abandoned bulk sends failed; trying again: {}", e.toString());
            }
        }
    }
}
