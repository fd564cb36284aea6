package io.attest.gateway.application.webhook.port.out;

import io.attest.gateway.domain.shared.AccountId;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Webhook endpoints, their signing secrets, and the deliveries of events to them with every attempt. Every
 * read and write that names an account is filtered by it; each call commits on its own.
 */
public interface WebhookStorePort {

    // ---- endpoints and secrets

    void createEndpoint(Endpoint endpoint, String secret);

    List<Endpoint> endpoints(AccountId account);

    /** Every enabled endpoint of every account, for the fan-out. */
    List<Endpoint> enabledEndpoints();

    Optional<Endpoint> endpoint(AccountId account, String endpointId);

    /** Replaces url, event types, description and enabled state; false when there is no such endpoint. */
    boolean updateEndpoint(Endpoint endpoint);

    /**
     * Disables an endpoint (its receiver answered 410 Gone) and moves its pending deliveries to the dead letters,
     * where they can be replayed once it is enabled again.
     */
    void disableEndpoint(AccountId account, String endpointId, String reason, Instant now);

    /** Deletes the endpoint and its secrets; its pending deliveries become dead letters. */
    boolean deleteEndpoint(AccountId account, String endpointId, Instant now);

    /**
     * Adds a secret that signs from now on. Older secrets of the same owner keep signing until
     * {@code previousUntil} (the overlap), unless they expire sooner.
     *
     * @param endpointId the endpoint, or null for the account's secret for per-message webhook URLs
     */
    void addSecret(AccountId account, String endpointId, String secret, Instant now, Instant previousUntil);

    /** The secrets that sign now, newest first; endpointId null for per-message webhook URLs. */
    List<String> activeSecrets(AccountId account, String endpointId, Instant now);

    // ---- fan-out: one delivery per event and destination, created once

    long fanOutCursor();

    /** Whether any event could have somewhere to go: an enabled endpoint, or an account's per-message URL secret. */
    boolean anyDestinations();

    /** Creates the deliveries (an existing one for the same event and destination is left alone) and moves the cursor. */
    void fanOut(List<NewDelivery> deliveries, long cursor);

    // ---- delivery

    /** Deliveries whose attempt was cut off (the gateway stopped mid-request) become due again. */
    int releaseExpiredLeases(Instant now);

    /** Destinations (URLs) with deliveries due now, oldest first, leaving out the busy ones (at their limit). */
    List<String> destinationsDue(Instant now, int limit, java.util.Collection<String> busy);

    /** Takes up to {@code max} due deliveries to one URL, oldest first, leased until {@code leaseUntil}. */
    List<Delivery> claim(String url, int max, Instant now, Instant leaseUntil);

    /** Records attempts and their deliveries' new states, all in one transaction: all or none. */
    void recordAttempts(List<RecordedAttempt> attempts);

    // ---- what the client sees

    List<Delivery> deliveries(AccountId account, DeliveryStatus status, long afterId, int limit);

    Optional<Delivery> delivery(AccountId account, long deliveryId);

    List<Attempt> attempts(AccountId account, long deliveryId);

    /** The attempts to deliver this message's events, oldest first. */
    List<Attempt> attemptsForMessage(AccountId account, String messageId);

    /** A dead delivery becomes due now, its retry schedule restarted; false when it is not dead. */
    boolean replay(AccountId account, long deliveryId, Instant now);

    enum DeliveryStatus { PENDING, DELIVERING, DELIVERED, DEAD }

    /** @param eventTypes the types it receives; empty for all */
    record Endpoint(String id, AccountId account, String url, Set<String> eventTypes, String description,
                    boolean enabled, String disabledReason, Instant createdAt, Instant updatedAt) {

        public boolean receives(String type) {
            return enabled && (eventTypes.isEmpty() || eventTypes.contains(type));
        }
    }

    /** @param endpointId null when the destination is the message's own webhook URL */
    record NewDelivery(String accountId, String endpointId, String url, String eventId, String eventType,
                       String messageId, long sequence, Instant occurredAt, String payload, Instant dueAt) {
    }

    record Delivery(long id, String accountId, String endpointId, String url, String eventId, String eventType,
                    String messageId, long sequence, Instant occurredAt, String payload, DeliveryStatus status,
                    int attempts, int failuresInARow, Instant nextAttemptAt, Integer lastStatusCode, String lastError,
                    Instant createdAt, Instant deliveredAt) {

        public Delivery withPayload(String other) {
            return new Delivery(id, accountId, endpointId, url, eventId, eventType, messageId, sequence, occurredAt, other,
                    status, attempts, failuresInARow, nextAttemptAt, lastStatusCode, lastError, createdAt, deliveredAt);
        }
    }

    /**
     * @param statusCode the receiver's HTTP status, null when none came (timeout, refused connection)
     * @param outcome    what the gateway made of it: delivered, retrying, dead, or disabled (410 Gone)
     */
    record Attempt(long deliveryId, int attempt, String accountId, String endpointId, String url, String eventId,
                   String eventType, String messageId, Instant attemptedAt, Integer statusCode, long latencyMillis,
                   String error, String outcome) {
    }

    /** An attempt with what it made of its delivery: the new status, when to try again, the failures in a row. */
    record RecordedAttempt(Attempt attempt, DeliveryStatus next, Instant nextAttemptAt, int failuresInARow) {
    }
}
