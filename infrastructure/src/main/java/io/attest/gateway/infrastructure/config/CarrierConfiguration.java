package io.attest.gateway.infrastructure.config;

import io.attest.gateway.application.inbound.port.in.ReceiveInboundMessageUseCase;
import io.attest.gateway.application.message.port.in.RecordDeliveryReceiptUseCase;
import io.attest.gateway.infrastructure.adapter.out.smpp.CarrierRouter;
import io.attest.gateway.infrastructure.adapter.in.smpp.CarrierDeliveries;
import io.attest.gateway.infrastructure.adapter.out.smpp.SmppCarrierAdapter;
import io.attest.gateway.infrastructure.adapter.out.smpp.SmppClientProperties;
import io.attest.gateway.infrastructure.adapter.out.smpp.SmscEndpoint;
import io.attest.gateway.infrastructure.simulator.SimulatorProperties;
import io.attest.gateway.infrastructure.simulator.SmscSimulator;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The carrier side: the built-in SMSC simulator (on unless {@code gateway.simulator.enabled=false}) and the
 * SMPP connection, which binds to {@code gateway.smpp.host:port} or, when no host is set, to the simulator.
 */
@Configuration(proxyBeanMethods = false)
public class CarrierConfiguration {

    @Bean
    @ConditionalOnProperty(name = "gateway.simulator.enabled", havingValue = "true", matchIfMissing = true)
    public SmscSimulator smscSimulator(SimulatorProperties properties) throws IOException {
        return new SmscSimulator(properties);
    }

    /** Where a connection binds: its host, or the built-in simulator when it names none. */
    private static SmscEndpoint endpoint(String connection, String host, Integer port,
                                         ObjectProvider<SmscSimulator> simulator) {
        if (host != null && !host.isBlank()) {
            if (port == null) {
                throw new IllegalStateException("gateway.smpp.port must be set with gateway.smpp.host");
            }
            return new SmscEndpoint(host, port);
        }
        return new SmscEndpoint("127.0.0.1", builtIn(simulator, connection).port());
    }

    private static SmscSimulator builtIn(ObjectProvider<SmscSimulator> simulator, String connection) {
        SmscSimulator builtIn = simulator.getIfAvailable();
        if (builtIn == null) {
            throw new IllegalStateException(connection == null
                    ? "no carrier configured: set gateway.smpp.host and gateway.smpp.port, or enable the simulator"
                    : "gateway.smpp.connections[" + connection + "] has no host and the built-in simulator is off: "
                            + "set its host and port, or enable the simulator");
        }
        return builtIn;
    }

    /**
     * Inbound handling in one transaction: a revocation and its confirmation are recorded together or not
     * at all. If the confirmation cannot be recorded, the revocation is rolled back too and the SMSC, told
     * to retry, delivers the STOP again; a STOP is never stored without its confirmation.
     */
    @Bean
    @org.springframework.context.annotation.Primary
    public ReceiveInboundMessageUseCase transactionalInboundMessages(
            io.attest.gateway.application.inbound.InboundMessageService inbound,
            org.springframework.transaction.PlatformTransactionManager transactions) {
        var transaction = new org.springframework.transaction.support.TransactionTemplate(transactions);
        return (from, to, text) -> transaction.executeWithoutResult(status -> inbound.receive(from, to, text));
    }

    /** Segments of concatenated inbound messages: each stored, and the completing one received, in one transaction. */
    @Bean
    public io.attest.gateway.application.inbound.InboundSegmentService inboundSegmentService(
            io.attest.gateway.application.inbound.port.out.InboundSegmentStorePort store,
            ReceiveInboundMessageUseCase inbound) {
        return new io.attest.gateway.application.inbound.InboundSegmentService(store, inbound);
    }

    @Bean
    @org.springframework.context.annotation.Primary
    public io.attest.gateway.application.inbound.port.in.ReceiveInboundSegmentUseCase inboundSegments(
            io.attest.gateway.application.inbound.InboundSegmentService service,
            org.springframework.transaction.PlatformTransactionManager transactions) {
        var transaction = new org.springframework.transaction.support.TransactionTemplate(transactions);
        return (from, to, reference, total, sequence, text) -> transaction.executeWithoutResult(
                status -> service.receive(from, to, reference, total, sequence, text));
    }

    /**
     * The carrier connections: {@code gateway.smpp.connections} in order, or the one of {@code gateway.smpp.*}; each
     * with a bind gauge ({@code gateway.smpp.bind.up}) and its paced rate ({@code gateway.smpp.paced.rate}).
     */
    @Bean
    public CarrierRouter carrierRouter(SmppClientProperties properties, ObjectProvider<SmscSimulator> simulator, RecordDeliveryReceiptUseCase receipts,
                                       ReceiveInboundMessageUseCase inbound,
                                       io.attest.gateway.application.inbound.port.in.ReceiveInboundSegmentUseCase segments,
                                       ObjectProvider<io.micrometer.core.instrument.MeterRegistry> meters) {
        List<CarrierRouter.Route> routes = new ArrayList<>();
        if (properties.connections().isEmpty()) {
            routes.add(new CarrierRouter.Route(new SmppCarrierAdapter(properties,
                    endpoint(null, properties.host(), properties.port(), simulator),
                    new CarrierDeliveries("", receipts, inbound, segments, properties.gsm7Packed()), "primary", ""),
                    List.of()));
        }
        for (SmppClientProperties.Connection connection : properties.connections()) {
            SmscEndpoint endpoint = endpoint(connection.name(), connection.host(), connection.port(), simulator);
            String idPrefix = routes.isEmpty() ? "" : connection.name() + ":";
            SmppClientProperties own = properties.forConnection(connection);
            routes.add(new CarrierRouter.Route(new SmppCarrierAdapter(own, endpoint,
                    new CarrierDeliveries(idPrefix, receipts, inbound, segments, own.gsm7Packed()), connection.name(),
                    idPrefix),
                    connection.routes()));
        }
        meters.ifAvailable(registry -> routes.forEach(route -> {
            SmppCarrierAdapter adapter = route.connection();
            for (SmppCarrierAdapter.Bind bind : adapter.binds()) {
                var tags = io.micrometer.core.instrument.Tags.of("connection", adapter.name(), "bind", String.valueOf(bind.number()));
                io.micrometer.core.instrument.Gauge.builder("gateway.smpp.bind.up", bind, b -> b.transmitterBound() ? 1 : 0)
                        .tags(tags).description("1 while the bind can submit").register(registry);
                io.micrometer.core.instrument.Gauge.builder("gateway.smpp.bind.receiving", bind, b -> b.receiverBound() ? 1 : 0)
                        .tags(tags).description("1 while the bind takes receipts and inbound messages").register(registry);
                io.micrometer.core.instrument.Gauge.builder("gateway.smpp.window.outstanding", bind, SmppCarrierAdapter.Bind::outstanding)
                        .tags(tags).description("submit_sm waiting for their submit_sm_resp").register(registry);
                io.micrometer.core.instrument.Gauge.builder("gateway.smpp.paced.rate", bind,
                                b -> Double.isInfinite(b.pacedRate()) ? -1 : b.pacedRate())
                        .tags(tags).description("submits per second the bind is paced at; -1: unpaced").register(registry);
                io.micrometer.core.instrument.FunctionCounter.builder("gateway.smpp.throttled", bind,
                                SmppCarrierAdapter.Bind::throttles)
                        .tags(tags).description("answers of the SMSC that it takes nothing more now (ESME_RTHROTTLED, "
                                + "ESME_RMSGQFUL)").register(registry);
            }
        }));
        return new CarrierRouter(routes);
    }
}
