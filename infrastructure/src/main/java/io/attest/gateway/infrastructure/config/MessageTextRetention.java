package io.attest.gateway.infrastructure.config;

import io.attest.gateway.infrastructure.adapter.out.persistence.MessageTextKeys;
import io.attest.gateway.infrastructure.adapter.out.persistence.SecretCipher;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Clock;
import java.time.Duration;

/**
 * Message text at rest (docs/security.md#message-text): sealed with a key per retention class and day, and the keys
 * of days past their retention destroyed hourly on every node ({@code gateway.retention.message-text}, default 5
 * years as the consent records; {@code gateway.retention.one-time-code-text}, default 8 days; 0 keeps for ever).
 */
@Configuration(proxyBeanMethods = false)
public class MessageTextRetention {

    private static final Logger log = LoggerFactory.getLogger(MessageTextRetention.class);

    @Bean
    public MessageTextKeys messageTextKeys(DSLContext db, SecretCipher secrets, PlatformTransactionManager transactions,
                                           Clock clock,
                                           @Value("${gateway.retention.message-text:1826d}") Duration messageText,
                                           @Value("${gateway.retention.one-time-code-text:8d}") Duration codes) {
        MessageTextKeys.Retention retention = new MessageTextKeys.Retention(messageText, codes);
        log.info("message texts are kept {}, one-time codes {}", describe(messageText), describe(codes));
        MessageTextKeys keys = new MessageTextKeys(db, secrets, transactions, clock, retention);
        keys.refuseKeysOfAnotherSecretsKey();
        return keys;
    }

    private static String describe(Duration retention) {
        return retention.isZero() ? "for ever" : retention.toDays() + " days";
    }

    @Bean
    public Destruction messageTextDestruction(MessageTextKeys keys, Clock clock) {
        return new Destruction(keys, clock);
    }

    /** Destroys the keys of days past their retention, a minute after start and hourly after that. */
    public static class Destruction {
        private final MessageTextKeys keys;
        private final Clock clock;

        Destruction(MessageTextKeys keys, Clock clock) {
            this.keys = keys;
            this.clock = clock;
        }

        @Scheduled(fixedDelayString = "1h", initialDelayString = "1m")
        public void destroyExpiredKeys() {
            try {
                int destroyed = keys.destroyExpired(clock.instant());
                if (destroyed > 0) {
                    log.info("{} day key(s) of message texts past their retention destroyed", destroyed);
                }
            } catch (RuntimeException e) {
                log.error("destroying the keys of message texts past their retention failed; trying again in an hour", e);
            }
        }
    }
}
