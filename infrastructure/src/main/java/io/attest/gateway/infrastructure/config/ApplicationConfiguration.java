package io.attest.gateway.infrastructure.config;

import io.attest.gateway.application.message.GetMessageService;
import io.attest.gateway.application.message.MessageDispatcher;
import io.attest.gateway.application.message.ReceiptCorrelationService;
import io.attest.gateway.application.message.SendMessageService;
import io.attest.gateway.application.message.port.out.CarrierCorrelationPort;
import io.attest.gateway.application.message.port.out.MessageReadModelPort;
import io.attest.gateway.application.message.port.out.SenderNumberPort;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort;
import io.attest.gateway.audit.trail.AuditTrailQueries;
import io.attest.gateway.audit.trail.AuditTrailRecorder;
import io.attest.gateway.projections.message.MessageReadModelProjector;
import io.attest.gateway.projections.message.MessageReadModelQueries;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Wires the framework-free use cases, process managers and read side into the Spring context. */
@Configuration(proxyBeanMethods = false)
public class ApplicationConfiguration {

    @Bean
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public SendMessageService sendMessageService(CommandGateway commandGateway, SenderNumberPort senderNumbers) {
        return new SendMessageService(commandGateway, senderNumbers);
    }

    @Bean
    public GetMessageService getMessageService(MessageReadModelPort readModel) {
        return new GetMessageService(readModel);
    }

    @Bean
    public ReceiptCorrelationService receiptCorrelationService(CommandGateway commandGateway,
                                                               CarrierCorrelationPort correlations) {
        return new ReceiptCorrelationService(commandGateway, correlations);
    }

    @Bean(destroyMethod = "shutdown")
    public ExecutorService dispatchWorker() {
        return Executors.newSingleThreadExecutor(Thread.ofPlatform().name("message-dispatch-worker").factory());
    }

    @Bean
    public MessageDispatcher messageDispatcher(SubmitToCarrierPort carrier, ReceiptCorrelationService correlation,
                                               CommandGateway commandGateway, ExecutorService dispatchWorker) {
        return new MessageDispatcher(carrier, correlation, commandGateway, dispatchWorker);
    }

    @Bean
    public MessageReadModelProjector messageReadModelProjector(DSLContext db) {
        return new MessageReadModelProjector(db);
    }

    @Bean
    public MessageReadModelQueries messageReadModelQueries(DSLContext db) {
        return new MessageReadModelQueries(db);
    }

    @Bean
    public AuditTrailRecorder auditTrailRecorder(DSLContext db) {
        return new AuditTrailRecorder(db);
    }

    @Bean
    public AuditTrailQueries auditTrailQueries(DSLContext db) {
        return new AuditTrailQueries(db);
    }
}
