package io.attest.gateway.infrastructure.config;

import io.attest.gateway.application.events.port.in.EventFeedQuery;
import io.attest.gateway.application.message.port.in.SendMessageUseCase;
import io.attest.gateway.application.smppclient.SmppCredentialService;
import io.attest.gateway.application.smppclient.SmppDeliveryService;
import io.attest.gateway.application.smppclient.SmppSubmitService;
import io.attest.gateway.application.smppclient.port.out.PasswordHashingPort;
import io.attest.gateway.application.smppclient.port.out.SmppClientMessagePort;
import io.attest.gateway.application.smppclient.port.out.SmppCredentialStorePort;
import io.attest.gateway.application.smppclient.port.out.SmppDeliveryCursorPort;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.infrastructure.adapter.in.smpp.SmppClientServer;
import io.attest.gateway.infrastructure.smpp.server.ClientSessions;
import io.attest.gateway.infrastructure.smpp.server.SmppServerProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import java.time.Clock;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The SMPP server for client applications (docs/smpp-server.md): credentials, the server itself, and the delivery of
 * receipts and inbound messages to bound clients, with its health ({@code /actuator/health/smppServer}) and a gauge
 * of binds per account ({@code gateway_smpp_client_binds}).
 */
@Configuration(proxyBeanMethods = false)
public class SmppServerConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SmppServerConfiguration.class);

    @Bean
    public ClientSessions smppClientSessions(JsonMapper json, MeterRegistry meters) {
        Set<String> gauged = ConcurrentHashMap.newKeySet();
        return new ClientSessions(json) {
            @Override
            public synchronized boolean add(BoundClient client) {
                if (gauged.add(client.accountId())) {
                    Gauge.builder("gateway.smpp.client.binds", this, sessions -> sessions.bound(client.accountId()))
                            .description("Binds of SMPP clients open on this node, per account")
                            .tag("account", client.accountId()).register(meters);
                }
                return super.add(client);
            }
        };
    }

    @Bean
    public SmppCredentialService smppCredentialService(SmppCredentialStorePort store, PasswordHashingPort hashing,
                                                       Clock clock, ClientSessions sessions) {
        return new SmppCredentialService(store, hashing, clock, sessions::close);
    }

    @Bean
    public SmppSubmitService smppSubmitService(SendMessageUseCase send, SmppClientMessagePort messages,
                                               io.attest.gateway.application.smppclient.port.out.SmppClientPartPort parts,
                                               Clock clock) {
        return new SmppSubmitService(send, messages, parts, clock);
    }

    @Bean
    public SmppDeliveryService smppDeliveryService(EventFeedQuery feed, SmppClientMessagePort messages,
                                                   SmppDeliveryCursorPort cursors, ClientSessions sessions, Clock clock,
                                                   SmppServerProperties properties) {
        return new SmppDeliveryService(feed, messages, cursors, sessions, clock, properties.receiptExpiry());
    }

    /** One thread delivers for every account in turn: at each interval, and at once after a bind. */
    @Bean(destroyMethod = "shutdownNow")
    public ScheduledExecutorService smppClientDeliveries(SmppDeliveryService deliveries, ClientSessions sessions,
                                                         SmppServerProperties properties, SmppSubmitService submits,
                                                         Clock clock) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("smpp-client-deliveries").daemon().factory());
        long every = properties.deliveryInterval().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            for (String account : sessions.receivingAccounts()) {
                try {
                    deliveries.deliverPending(AccountId.of(account));
                } catch (RuntimeException e) {
                    log.warn("receipts and inbound messages for the SMPP clients of {} wait: {}", account, e.toString());
                }
            }
        }, every, every, TimeUnit.MILLISECONDS);
        // an idle bind is asked for an enquire_link, so a client gone without a word is found out and closed
        long idle = properties.enquireLink().toMillis();
        executor.scheduleWithFixedDelay(() -> sessions.enquireIdle(properties.enquireLink()),
                Math.max(100, idle / 2), Math.max(100, idle / 2), TimeUnit.MILLISECONDS);
        // parts of concatenated submits whose set never completed: dropped, and said so (the client got their ids)
        long expiry = properties.partExpiry().toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                for (var abandoned : submits.forgetIncompleteSince(clock.instant().minusMillis(expiry))) {
                    log.warn("SMPP client of {} sent parts {} of {} of a concatenated message to {} and not the rest "
                                    + "within {}: dropped, nothing was sent (message id {})", abandoned.key().accountId(),
                            abandoned.sequences(), abandoned.key().total(), abandoned.key().destination(),
                            properties.partExpiry(), abandoned.messageId());
                }
            } catch (RuntimeException e) {
                log.warn("incomplete concatenated SMPP submits not swept: {}", e.toString());
            }
        }, 60_000, 60_000, TimeUnit.MILLISECONDS);
        return executor;
    }

    @Bean
    @ConditionalOnProperty(name = "gateway.smpp-server.enabled", havingValue = "true", matchIfMissing = true)
    public SmppClientServer smppClientServer(SmppServerProperties properties, SmppCredentialService credentials,
                                             SmppSubmitService submits, ClientSessions sessions, Clock clock,
                                             SmppDeliveryService deliveries,
                                             @Qualifier("smppClientDeliveries") ScheduledExecutorService executor,
                                             io.attest.gateway.application.message.port.in.GetMessageQuery messages,
                                             io.attest.gateway.application.message.port.in.CancelMessageUseCase cancellations) {
        return new SmppClientServer(properties, credentials, submits, sessions, clock, account -> {
            executor.execute(() -> {
                try {
                    deliveries.deliverPending(AccountId.of(account));
                } catch (RuntimeException e) {
                    log.warn("receipts and inbound messages for the SMPP clients of {} wait: {}", account, e.toString());
                }
            });
        }, messages, cancellations);
    }

    /** {@code /actuator/health/smppServer}: UP while the server listens, with its ports and the binds open. */
    @Bean("smppServer")
    @ConditionalOnProperty(name = "gateway.smpp-server.enabled", havingValue = "true", matchIfMissing = true)
    public HealthIndicator smppServerHealth(SmppClientServer server, ClientSessions sessions) {
        return () -> {
            Health.Builder health = (server.port() > 0 ? Health.up() : Health.down()).withDetail("port", server.port());
            if (server.tlsPort() > 0) {
                health.withDetail("tlsPort", server.tlsPort());
            }
            return health.withDetail("binds", sessions.bound()).build();
        };
    }
}
