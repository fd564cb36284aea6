package io.attest.gateway.application.webhook;

import io.attest.gateway.application.message.SendMessageService;
import io.attest.gateway.application.shared.NotFoundException;
import io.attest.gateway.application.webhook.port.in.ManageWebhooksUseCase;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.Delivery;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.DeliveryStatus;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.Endpoint;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.IllegalTransitionException;
import io.attest.gateway.domain.shared.InvalidInputException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Endpoints, secrets and dead letters of an account's webhooks. */
public class WebhookService implements ManageWebhooksUseCase, SendMessageService.WebhookUrlCheck {

    static final Duration DEFAULT_OVERLAP = Duration.ofHours(24);
    static final Duration MAX_OVERLAP = Duration.ofDays(7);
    private static final int MAX_ENDPOINTS = 20;

    private final java.util.function.UnaryOperator<String> openTexts;
    private final WebhookStorePort store;
    private final WebhookUrls urls;
    private final Clock clock;

    public WebhookService(WebhookStorePort store, WebhookUrls urls, Clock clock) {
        this(store, urls, clock, java.util.function.UnaryOperator.identity());
    }

    /** @param openTexts shows a stored payload as it is sent: its sealed message texts opened */
    public WebhookService(WebhookStorePort store, WebhookUrls urls, Clock clock,
                          java.util.function.UnaryOperator<String> openTexts) {
        this.openTexts = openTexts;
        this.store = store;
        this.urls = urls;
        this.clock = clock;
    }

    @Override
    public EndpointWithSecret createEndpoint(AccountId account, String url, List<String> eventTypes,
                                             String description) {
        urls.check(url);
        Set<String> types = WebhookEventTypes.parse(eventTypes);
        checkDescription(description);
        if (store.endpoints(account).size() >= MAX_ENDPOINTS) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST,
                    "an account has at most " + MAX_ENDPOINTS + " webhook endpoints");
        }
        Instant now = clock.instant();
        Endpoint endpoint = new Endpoint("we_" + UUID.randomUUID().toString().replace("-", ""), account, url, types,
                description, true, null, now, now);
        String secret = WebhookSignature.newSecret();
        store.createEndpoint(endpoint, secret);
        return new EndpointWithSecret(endpoint, secret);
    }

    @Override
    public List<Endpoint> endpoints(AccountId account) {
        return store.endpoints(account);
    }

    @Override
    public Endpoint endpoint(AccountId account, String endpointId) {
        return store.endpoint(account, endpointId).orElseThrow(() -> notFound(endpointId));
    }

    @Override
    public Endpoint updateEndpoint(AccountId account, String endpointId, String url, List<String> eventTypes,
                                   String description, Boolean enabled) {
        Endpoint current = endpoint(account, endpointId);
        if (url != null) {
            urls.check(url);
        }
        checkDescription(description);
        boolean nowEnabled = enabled == null ? current.enabled() : enabled;
        Endpoint updated = new Endpoint(current.id(), account, url == null ? current.url() : url,
                eventTypes == null ? current.eventTypes() : WebhookEventTypes.parse(eventTypes),
                description == null ? current.description() : description, nowEnabled,
                nowEnabled ? null : (current.enabled() ? "disabled by the client" : current.disabledReason()),
                current.createdAt(), clock.instant());
        if (!store.updateEndpoint(updated)) {
            throw notFound(endpointId);
        }
        if (current.enabled() && !nowEnabled) {
            // what was waiting for it becomes dead letters, to replay once it is enabled again
            store.disableEndpoint(account, endpointId, updated.disabledReason(), updated.updatedAt());
        }
        return updated;
    }

    @Override
    public void deleteEndpoint(AccountId account, String endpointId) {
        if (!store.deleteEndpoint(account, endpointId, clock.instant())) {
            throw notFound(endpointId);
        }
    }

    @Override
    public RotatedSecret rotateEndpointSecret(AccountId account, String endpointId, Duration overlap) {
        endpoint(account, endpointId);
        return rotate(account, endpointId, overlap);
    }

    @Override
    public RotatedSecret rotateMessageUrlSecret(AccountId account, Duration overlap) {
        return rotate(account, null, overlap);
    }

    private RotatedSecret rotate(AccountId account, String endpointId, Duration overlap) {
        Duration keep = overlap == null ? DEFAULT_OVERLAP : overlap;
        if (keep.isNegative() || keep.compareTo(MAX_OVERLAP) > 0) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST,
                    "the overlap is 0 to " + MAX_OVERLAP.toSeconds() + " seconds");
        }
        Instant now = clock.instant();
        String secret = WebhookSignature.newSecret();
        store.addSecret(account, endpointId, secret, now, now.plus(keep));
        return new RotatedSecret(secret, now.plus(keep));
    }

    @Override
    public List<Delivery> deliveries(AccountId account, DeliveryStatus status, long afterId, int limit) {
        return store.deliveries(account, status, afterId, limit);
    }

    @Override
    public DeliveryWithAttempts delivery(AccountId account, long deliveryId) {
        Delivery delivery = store.delivery(account, deliveryId).orElseThrow(() -> deliveryNotFound(deliveryId));
        return new DeliveryWithAttempts(delivery.withPayload(openTexts.apply(delivery.payload())),
                store.attempts(account, deliveryId));
    }

    @Override
    public Delivery replay(AccountId account, long deliveryId) {
        Delivery delivery = store.delivery(account, deliveryId).orElseThrow(() -> deliveryNotFound(deliveryId));
        if (delivery.endpointId() != null) {
            Endpoint endpoint = store.endpoint(account, delivery.endpointId()).orElseThrow(() ->
                    new IllegalTransitionException("the endpoint of delivery " + deliveryId + " was deleted"));
            if (!endpoint.enabled()) {
                throw new IllegalTransitionException("endpoint " + endpoint.id()
                        + " is disabled; enable it (PATCH enabled=true) before replaying its deliveries");
            }
        }
        if (!store.replay(account, deliveryId, clock.instant())) {
            throw new IllegalTransitionException("delivery " + deliveryId + " is " + delivery.status().name()
                    .toLowerCase(java.util.Locale.ROOT) + "; only dead deliveries are replayed");
        }
        return store.delivery(account, deliveryId).orElseThrow();
    }

    /** A send's webhook URL must be well formed, and the account needs a secret to sign with. */
    @Override
    public void check(AccountId account, String url) {
        urls.check(url);
        if (store.activeSecrets(account, null, clock.instant()).isEmpty()) {
            throw new InvalidInputException(ErrorCode.WEBHOOK_SECRET_REQUIRED,
                    "a message with a webhookUrl is signed with the account's message URL secret; create one with "
                            + "POST /v1/webhook-secret first");
        }
    }

    private static void checkDescription(String description) {
        if (description != null && description.length() > 500) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "a description has at most 500 characters");
        }
    }

    private static NotFoundException notFound(String endpointId) {
        return new NotFoundException("webhook-endpoint-not-found", "no webhook endpoint " + endpointId + " in this account");
    }

    private static NotFoundException deliveryNotFound(long deliveryId) {
        return new NotFoundException("webhook-delivery-not-found", "no webhook delivery " + deliveryId + " in this account");
    }
}
