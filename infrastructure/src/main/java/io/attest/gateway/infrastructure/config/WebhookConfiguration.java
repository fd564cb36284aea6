package io.attest.gateway.infrastructure.config;

import io.attest.gateway.application.events.port.in.EventFeedQuery;
import io.attest.gateway.application.webhook.RetrySchedule;
import io.attest.gateway.application.webhook.WebhookDeliveryService;
import io.attest.gateway.application.webhook.WebhookFanOut;
import io.attest.gateway.application.webhook.WebhookService;
import io.attest.gateway.application.webhook.WebhookUrls;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort;
import io.attest.gateway.infrastructure.adapter.out.webhook.HttpWebhookAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Webhooks: the fan-out from the event feed and the delivery loop, each polled every
 * {@code gateway.webhooks.poll-interval}. Requests run on virtual threads, bounded per URL.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookConfiguration {

    private static final Logger log = LoggerFactory.getLogger(WebhookConfiguration.class);

    @Bean
    public WebhookUrls webhookUrls(@Value("${gateway.webhooks.allow-http:false}") boolean allowHttp) {
        return new WebhookUrls(allowHttp);
    }

    @Bean
    public WebhookService webhookService(WebhookStorePort store, WebhookUrls urls, Clock clock,
                                         io.attest.gateway.application.message.port.out.SealMessageTextPort texts) {
        return new WebhookService(store, urls, clock, texts::unsealWithin);
    }

    @Bean
    public WebhookFanOut webhookFanOut(EventFeedQuery feed, WebhookStorePort store, Clock clock) {
        return new WebhookFanOut(feed, store, clock, 500);
    }

    /**
     * The key that encrypts the webhook signing secrets at rest: {@code gateway.webhooks.secret-key-file} (default
     * {@code <data-dir>/webhook-secret-key}), generated there only where {@code gateway.webhooks.generate-secret-key}
     * is on (the local profile); production provides it, the same file on every node.
     */
    @Bean
    public io.attest.gateway.infrastructure.adapter.out.persistence.SecretCipher webhookSecretCipher(
            @Value("${gateway.webhooks.secret-key-file:}") String keyFile,
            @Value("${gateway.webhooks.generate-secret-key:false}") boolean generate,
            @Value("${gateway.data-dir:./data}") java.nio.file.Path dataDir) {
        java.nio.file.Path file = keyFile.isBlank() ? dataDir.resolve("webhook-secret-key") : java.nio.file.Path.of(keyFile);
        var cipher = io.attest.gateway.infrastructure.adapter.out.persistence.SecretCipher.fromFile(file, generate);
        log.info("webhook secrets and the keys of message texts are encrypted at rest with key {} from {}", cipher.keyId(),
                file.toAbsolutePath());
        return cipher;
    }

    @Bean(destroyMethod = "close")
    public HttpWebhookAdapter httpWebhookAdapter(
            @Value("${gateway.webhooks.timeout:10s}") Duration timeout,
            @Value("${gateway.webhooks.allow-private-addresses:false}") boolean allowPrivateAddresses) {
        return new HttpWebhookAdapter(timeout, allowPrivateAddresses);
    }

    @Bean(destroyMethod = "shutdownNow")
    public ExecutorService webhookRequests() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("webhook-request-", 0).factory());
    }

    @Bean
    public WebhookDeliveryService webhookDeliveryService(
            WebhookStorePort store, HttpWebhookAdapter http, ExecutorService webhookRequests, Clock clock,
            @Value("${gateway.webhooks.retry-schedule:5s,5m,30m,2h,5h,10h,10h}") List<Duration> retrySchedule,
            @Value("${gateway.webhooks.timeout:10s}") Duration timeout,
            @Value("${gateway.webhooks.max-in-flight-per-url:32}") int maxInFlightPerUrl,
            io.attest.gateway.application.message.port.out.SealMessageTextPort texts) {
        if (maxInFlightPerUrl < 1) {
            throw new IllegalStateException("gateway.webhooks.max-in-flight-per-url must be at least 1");
        }
        return new WebhookDeliveryService(store, http, webhookRequests, clock, new RetrySchedule(retrySchedule),
                timeout, maxInFlightPerUrl, texts::unsealWithin);
    }

    /** The scheduled work, in a bean of its own so the services above stay plain objects. */
    @Bean(destroyMethod = "close")
    public WebhookPoller webhookPoller(WebhookFanOut fanOut, WebhookDeliveryService deliveries) {
        return new WebhookPoller(fanOut, deliveries);
    }

    /**
     * Fans out every poll interval, and starts due deliveries on one thread of its own: at each poll, and as soon
     * as finished requests have given their slots back, so one endpoint gets requests as fast as it answers them
     * rather than one round of {@code max-in-flight-per-url} per interval. Wake-ups that come while a round is
     * queued are folded into it.
     */
    public static class WebhookPoller implements AutoCloseable {

        private final WebhookFanOut fanOut;
        private final WebhookDeliveryService deliveries;
        private final ExecutorService rounds = Executors.newSingleThreadExecutor(
                Thread.ofPlatform().name("webhook-deliveries").daemon().factory());
        private final java.util.concurrent.atomic.AtomicBoolean queued = new java.util.concurrent.atomic.AtomicBoolean();

        WebhookPoller(WebhookFanOut fanOut, WebhookDeliveryService deliveries) {
            this.fanOut = fanOut;
            this.deliveries = deliveries;
            deliveries.onCapacity(this::wake);
        }

        @Scheduled(fixedDelayString = "${gateway.webhooks.poll-interval:250ms}", initialDelayString = "1s")
        public void poll() {
            try {
                while (fanOut.fanOutNewEvents() >= 500) {
                    // a full batch: more are waiting
                }
            } catch (RuntimeException e) {
                log.error("webhook fan-out failed; trying again at the next interval", e);
            }
            wake();
        }

        /** Queues one round of deliveries unless one is queued already. */
        void wake() {
            if (queued.compareAndSet(false, true)) {
                try {
                    rounds.execute(this::round);
                } catch (java.util.concurrent.RejectedExecutionException stopping) {
                    queued.set(false);
                }
            }
        }

        private void round() {
            queued.set(false);
            try {
                deliveries.deliverDue();
            } catch (RuntimeException e) {
                log.error("webhook delivery failed; trying again at the next interval", e);
            }
        }

        @Override
        public void close() {
            rounds.shutdownNow();
        }
    }
}
