package io.attest.gateway.infrastructure.metrics;

import io.attest.gateway.infrastructure.config.AxonConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.axonframework.config.EventProcessingConfiguration;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/** The gateway's own metrics, next to Spring Boot's (HTTP, JVM, pool) and the carrier binds' gauges. */
@Configuration(proxyBeanMethods = false)
public class MetricsConfiguration {

    @Bean
    public MessageMetrics messageMetrics(MeterRegistry registry) {
        return new MessageMetrics(registry);
    }

    @Bean
    public GatewayGauges gatewayGauges(MeterRegistry registry, DSLContext db, EventProcessingConfiguration processing) {
        return new GatewayGauges(registry, db, processing, List.of(AxonConfiguration.DISPATCH_PROCESSOR,
                AxonConfiguration.READ_MODEL_PROCESSOR, AxonConfiguration.AUDIT_TRAIL_PROCESSOR,
                AxonConfiguration.EVENT_FEED_PROCESSOR, AxonConfiguration.CONSENT_LEDGER_PROCESSOR));
    }
}
