package io.attest.gateway.application.webhook;

import io.attest.gateway.application.webhook.port.out.WebhookHttpPort;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.Attempt;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.Delivery;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.DeliveryStatus;
import io.attest.gateway.domain.shared.AccountId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers due webhook deliveries, at least once. Each destination URL has at most {@code maxInFlightPerUrl}
 * requests open, and each request its own timeout, so a slow or dead receiver holds only its own deliveries back:
 * never sending, never another receiver. 2xx is delivered; 410 Gone disables the endpoint; anything else (or no
 * answer) is retried on the {@link RetrySchedule} and, after the last attempt, left as a dead letter.
 * A delivery is leased while its request is open; if the gateway stops mid-request the lease runs out and the
 * delivery is attempted again (the receiver de-duplicates by {@code webhook-id}).
 */
public class WebhookDeliveryService {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryService.class);
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);

    private final WebhookStorePort store;
    private final WebhookHttpPort http;
    private final Executor requests;
    private final Clock clock;
    private final RetrySchedule schedule;
    private final Duration timeout;
    private final int maxInFlightPerUrl;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    public WebhookDeliveryService(WebhookStorePort store, WebhookHttpPort http, Executor requests, Clock clock,
                                  RetrySchedule schedule, Duration timeout, int maxInFlightPerUrl) {
        this.store = store;
        this.http = http;
        this.requests = requests;
        this.clock = clock;
        this.schedule = schedule;
        this.timeout = timeout;
        this.maxInFlightPerUrl = maxInFlightPerUrl;
    }

    /** Starts the requests of every delivery due now, within each URL's limit; returns how many it started. */
    public int deliverDue() {
        Instant now = clock.instant();
        int released = store.releaseExpiredLeases(now);
        if (released > 0) {
            log.warn("{} webhook delivery attempt(s) were cut off before an answer; they are due again", released);
        }
        int started = 0;
        List<String> busy = inFlight.entrySet().stream().filter(e -> e.getValue().get() >= maxInFlightPerUrl)
                .map(Map.Entry::getKey).toList();
        for (String url : store.destinationsDue(now, 500, busy)) {
            AtomicInteger open = inFlight.computeIfAbsent(url, u -> new AtomicInteger());
            int free = maxInFlightPerUrl - open.get();
            if (free <= 0) {
                continue;
            }
            for (Delivery delivery : store.claim(url, free, now, now.plus(timeout).plus(LEASE_MARGIN))) {
                open.incrementAndGet();
                try {
                    requests.execute(() -> {
                        try {
                            attempt(delivery);
                        } finally {
                            open.decrementAndGet();
                        }
                    });
                    started++;
                } catch (RejectedExecutionException stopping) {
                    open.decrementAndGet(); // shutting down: the lease runs out and the delivery is due again
                    return started;
                }
            }
        }
        return started;
    }

    /** How many requests are open now, all URLs together. */
    public int inFlight() {
        return inFlight.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    void attempt(Delivery delivery) {
        Instant startedAt = clock.instant();
        AccountId account = AccountId.of(delivery.accountId());
        List<String> secrets = store.activeSecrets(account, delivery.endpointId(), startedAt);
        WebhookHttpPort.Response response;
        if (secrets.isEmpty()) {
            response = new WebhookHttpPort.Response(null, 0, "no signing secret: the endpoint or the account's "
                    + "message URL secret was removed");
        } else {
            long timestamp = startedAt.getEpochSecond();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("content-type", "application/json");
            headers.put("user-agent", "attest-gateway-webhooks");
            headers.put("webhook-id", delivery.eventId());
            headers.put("webhook-timestamp", Long.toString(timestamp));
            headers.put("webhook-signature", WebhookSignature.sign(secrets, delivery.eventId(), timestamp,
                    delivery.payload()));
            headers.put("webhook-attempt", Integer.toString(delivery.attempts() + 1));
            response = http.post(URI.create(delivery.url()), headers, delivery.payload(), timeout);
            if (Thread.currentThread().isInterrupted()) {
                return; // the gateway is stopping: the lease runs out and the delivery is attempted again
            }
        }
        record(delivery, startedAt, response);
    }

    private void record(Delivery delivery, Instant attemptedAt, WebhookHttpPort.Response response) {
        Integer status = response.statusCode();
        int failures = delivery.failuresInARow() + 1;
        DeliveryStatus next;
        Instant nextAttemptAt = null;
        String outcome;
        if (status != null && status >= 200 && status < 300) {
            next = DeliveryStatus.DELIVERED;
            outcome = "delivered";
            failures = 0;
        } else if (status != null && status == 410) {
            next = DeliveryStatus.DEAD;
            outcome = delivery.endpointId() == null ? "dead" : "disabled";
        } else {
            Duration delay = schedule.delayAfter(failures);
            if (delay == null) {
                next = DeliveryStatus.DEAD;
                outcome = "dead";
            } else {
                next = DeliveryStatus.PENDING;
                nextAttemptAt = clock.instant().plus(delay);
                outcome = "retrying";
            }
        }
        String error = response.error() != null ? response.error()
                : (status != null && (status < 200 || status >= 300) ? "HTTP " + status : null);
        Attempt attempt = new Attempt(delivery.id(), delivery.attempts() + 1, delivery.accountId(),
                delivery.endpointId(), delivery.url(), delivery.eventId(), delivery.eventType(), delivery.messageId(),
                attemptedAt, status, response.latencyMillis(), error, outcome);
        store.recordAttempt(attempt, next, nextAttemptAt, failures);
        if (outcome.equals("disabled")) {
            store.disableEndpoint(AccountId.of(delivery.accountId()), delivery.endpointId(),
                    "the receiver answered 410 Gone at " + attemptedAt, clock.instant());
            log.warn("webhook endpoint {} of account {} answered 410 Gone: disabled", delivery.endpointId(),
                    delivery.accountId());
        } else if (next == DeliveryStatus.DEAD) {
            log.warn("webhook delivery {} of event {} to {} is dead after {} attempt(s): {}", delivery.id(),
                    delivery.eventId(), delivery.url(), attempt.attempt(), error);
        }
    }
}
