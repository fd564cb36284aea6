package io.attest.gateway.application.webhook;

import io.attest.gateway.application.webhook.port.out.WebhookHttpPort;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.Attempt;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.Delivery;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.DeliveryStatus;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.RecordedAttempt;
import io.attest.gateway.domain.shared.AccountId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivers due webhook deliveries, at least once. Each destination URL has at most {@code maxInFlightPerUrl}
 * requests open, and each request its own timeout, so a slow or dead receiver holds only its own deliveries back:
 * never sending, never another receiver. 2xx is delivered; 410 Gone disables the endpoint; anything else (or no
 * answer) is retried on the {@link RetrySchedule} and, after the last attempt, left as a dead letter.
 * A delivery is leased while its request is open; if the gateway stops mid-request the lease runs out and the
 * delivery is attempted again (the receiver de-duplicates by {@code webhook-id}).
 *
 * <p>At the rate of sending: the signing secrets are read once per claim of a URL, not per request; the outcomes of
 * requests that finish while another outcome is being recorded are recorded together, in one transaction (group
 * commit: the first to finish records, those that finish meanwhile wait for the next round); and a URL's slots
 * are given back only once its outcomes are recorded, after which the {@link #onCapacity(Runnable) capacity
 * listener} is told, so the next claim need not wait for the poll interval.
 */
public class WebhookDeliveryService {

    private static final Logger log = LoggerFactory.getLogger(WebhookDeliveryService.class);
    private static final Duration LEASE_MARGIN = Duration.ofSeconds(30);
    private static final Duration LEASE_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final WebhookStorePort store;
    private final WebhookHttpPort http;
    private final Executor requests;
    private final Clock clock;
    private final RetrySchedule schedule;
    private final Duration timeout;
    private final int maxInFlightPerUrl;
    private final java.util.function.UnaryOperator<String> openTexts;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Queue<Finished> finished = new ConcurrentLinkedQueue<>();
    private final ReentrantLock recording = new ReentrantLock();
    private volatile Runnable capacityListener = () -> { };
    private volatile Instant nextLeaseCheck = Instant.MIN;

    public WebhookDeliveryService(WebhookStorePort store, WebhookHttpPort http, Executor requests, Clock clock,
                                  RetrySchedule schedule, Duration timeout, int maxInFlightPerUrl) {
        this(store, http, requests, clock, schedule, timeout, maxInFlightPerUrl, java.util.function.UnaryOperator.identity());
    }

    /**
     * @param openTexts turns a stored payload into the one sent: message texts are stored sealed and opened only for
     *                  the request (SealMessageTextPort#unsealWithin), so a text past its retention is sent as null
     */
    public WebhookDeliveryService(WebhookStorePort store, WebhookHttpPort http, Executor requests, Clock clock,
                                  RetrySchedule schedule, Duration timeout, int maxInFlightPerUrl,
                                  java.util.function.UnaryOperator<String> openTexts) {
        this.openTexts = openTexts;
        this.store = store;
        this.http = http;
        this.requests = requests;
        this.clock = clock;
        this.schedule = schedule;
        this.timeout = timeout;
        this.maxInFlightPerUrl = maxInFlightPerUrl;
    }

    /** Called (on the thread that recorded them) each time finished requests gave their slots back. */
    public void onCapacity(Runnable listener) {
        this.capacityListener = listener;
    }

    /** Starts the requests of every delivery due now, within each URL's limit; returns how many it started. */
    public int deliverDue() {
        Instant now = clock.instant();
        if (!now.isBefore(nextLeaseCheck)) {
            nextLeaseCheck = now.plus(LEASE_CHECK_INTERVAL);
            int released = store.releaseExpiredLeases(now);
            if (released > 0) {
                log.warn("{} webhook delivery attempt(s) were cut off before an answer; they are due again", released);
            }
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
            Map<SecretOwner, List<String>> secrets = new HashMap<>();
            for (Delivery delivery : store.claim(url, free, now, now.plus(timeout).plus(LEASE_MARGIN))) {
                List<String> signing = secrets.computeIfAbsent(new SecretOwner(delivery.accountId(), delivery.endpointId()),
                        owner -> store.activeSecrets(AccountId.of(owner.accountId()), owner.endpointId(), now));
                open.incrementAndGet();
                try {
                    requests.execute(() -> finish(open, attempt(delivery, signing)));
                    started++;
                } catch (RejectedExecutionException stopping) {
                    open.decrementAndGet(); // shutting down: the lease runs out and the delivery is due again
                    return started;
                }
            }
        }
        return started;
    }

    /** How many requests are open now, all URLs together (a request counts until its outcome is recorded). */
    public int inFlight() {
        return inFlight.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    /** The request; null when the gateway is stopping mid-request (the lease runs out, it is attempted again). */
    RecordedAttempt attempt(Delivery delivery, List<String> secrets) {
        Instant startedAt = clock.instant();
        WebhookHttpPort.Response response;
        if (secrets.isEmpty()) {
            response = new WebhookHttpPort.Response(null, 0, "no signing secret: the endpoint or the account's "
                    + "message URL secret was removed");
        } else {
            long timestamp = startedAt.getEpochSecond();
            String payload = openTexts.apply(delivery.payload());
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("content-type", "application/json");
            headers.put("user-agent", "attest-gateway-webhooks");
            headers.put("webhook-id", delivery.eventId());
            headers.put("webhook-timestamp", Long.toString(timestamp));
            headers.put("webhook-signature", WebhookSignature.sign(secrets, delivery.eventId(), timestamp, payload));
            headers.put("webhook-attempt", Integer.toString(delivery.attempts() + 1));
            response = http.post(URI.create(delivery.url()), headers, payload, timeout);
            if (Thread.currentThread().isInterrupted()) {
                return null;
            }
        }
        return outcome(delivery, startedAt, response);
    }

    private RecordedAttempt outcome(Delivery delivery, Instant attemptedAt, WebhookHttpPort.Response response) {
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
        return new RecordedAttempt(attempt, next, nextAttemptAt, failures);
    }

    /**
     * Queues the request's outcome and records what is queued: the first thread to get here records every outcome
     * queued meanwhile in one transaction; a thread that finds a recording under way leaves its outcome to the next
     * round, which the recording thread runs before it lets go.
     */
    private void finish(AtomicInteger open, RecordedAttempt outcome) {
        if (outcome == null) {
            open.decrementAndGet();
            return;
        }
        finished.add(new Finished(outcome, open));
        while (!finished.isEmpty() && recording.tryLock()) {
            try {
                List<Finished> batch = new ArrayList<>();
                for (Finished f; (f = finished.poll()) != null; ) {
                    batch.add(f);
                }
                if (batch.isEmpty()) {
                    continue;
                }
                try {
                    store.recordAttempts(batch.stream().map(Finished::recorded).toList());
                    batch.forEach(this::afterRecorded);
                } catch (RuntimeException e) {
                    // nothing of the batch was recorded: the leases run out and the deliveries are attempted again
                    log.error("could not record {} webhook attempt(s); they are attempted again when their leases "
                            + "run out", batch.size(), e);
                } finally {
                    batch.forEach(f -> f.open().decrementAndGet());
                }
            } finally {
                recording.unlock();
            }
            capacityListener.run();
        }
    }

    private void afterRecorded(Finished finished) {
        Attempt attempt = finished.recorded().attempt();
        if (attempt.outcome().equals("disabled")) {
            store.disableEndpoint(AccountId.of(attempt.accountId()), attempt.endpointId(),
                    "the receiver answered 410 Gone at " + attempt.attemptedAt(), clock.instant());
            log.warn("webhook endpoint {} of account {} answered 410 Gone: disabled", attempt.endpointId(),
                    attempt.accountId());
        } else if (finished.recorded().next() == DeliveryStatus.DEAD) {
            log.warn("webhook delivery {} of event {} to {} is dead after {} attempt(s): {}", attempt.deliveryId(),
                    attempt.eventId(), attempt.url(), attempt.attempt(), attempt.error());
        }
    }

    private record SecretOwner(String accountId, String endpointId) {
    }

    /** @param open the slot counter of its URL, given back once the outcome is recorded */
    private record Finished(RecordedAttempt recorded, AtomicInteger open) {
    }
}
