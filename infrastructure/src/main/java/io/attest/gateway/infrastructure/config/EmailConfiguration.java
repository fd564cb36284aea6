package io.attest.gateway.infrastructure.config;

import io.attest.gateway.application.compliance.port.in.ComplianceRegistryUseCase;
import io.attest.gateway.application.email.EmailFanOutService;
import io.attest.gateway.application.email.EmailGatewayService;
import io.attest.gateway.application.email.port.out.EmailGatewayStorePort;
import io.attest.gateway.application.email.port.out.SendEmailPort;
import io.attest.gateway.application.events.port.in.EventFeedQuery;
import io.attest.gateway.application.message.port.in.SendMessageUseCase;
import io.attest.gateway.application.message.port.out.SealMessageTextPort;
import io.attest.gateway.application.smppclient.port.out.PasswordHashingPort;
import io.attest.gateway.infrastructure.adapter.in.smtp.EmailProperties;
import io.attest.gateway.infrastructure.adapter.in.smtp.EmailToSmsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Clock;

/**
 * Email to SMS (docs/email.md): the settings and credentials, the SMTP server when {@code gateway.email.enabled}, and
 * the fan-out that mails replies and receipts through the relay of {@code spring.mail.*}, every second.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(EmailProperties.class)
public class EmailConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EmailConfiguration.class);

    @Bean
    public EmailGatewayService emailGatewayService(EmailGatewayStorePort store, PasswordHashingPort hashing,
                                                   SendMessageUseCase sends, ComplianceRegistryUseCase registry,
                                                   Clock clock, EmailProperties properties) {
        return new EmailGatewayService(store, hashing, sends, registry, clock, properties.domain());
    }

    @Bean
    @ConditionalOnProperty(name = "gateway.email.enabled", havingValue = "true")
    public EmailToSmsServer emailToSmsServer(EmailProperties properties, EmailGatewayService email) {
        return new EmailToSmsServer(properties, email);
    }

    @Bean
    public EmailFanOutService emailFanOutService(EventFeedQuery feed, EmailGatewayStorePort store, SendEmailPort mail,
                                                 SealMessageTextPort texts, EmailProperties properties,
                                                 io.attest.gateway.infrastructure.cluster.GatewayNode node,
                                                 Clock clock) {
        return new EmailFanOutService(feed, store, mail, texts, properties.domain(), node.id(), clock);
    }

    @Bean
    EmailFanOut emailFanOut(EmailFanOutService fanOut) {
        return new EmailFanOut(fanOut);
    }

    /** Mails what the feed holds for accounts that ask for replies or receipts by email. */
    static final class EmailFanOut {

        private final EmailFanOutService fanOut;

        EmailFanOut(EmailFanOutService fanOut) {
            this.fanOut = fanOut;
        }

        @Scheduled(fixedDelayString = "${gateway.email.fan-out-interval:1s}", initialDelayString = "2s")
        void forward() {
            try {
                while (fanOut.forward() == EmailFanOutService.BATCH) {
                    // more may wait: a full batch is followed at once
                }
            } catch (RuntimeException e) {
                log.warn("replies and receipts by email wait: {}", e.toString());
            }
        }
    }
}
