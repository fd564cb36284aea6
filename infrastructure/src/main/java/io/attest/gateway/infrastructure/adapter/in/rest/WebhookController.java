package io.attest.gateway.infrastructure.adapter.in.rest;

import io.attest.gateway.application.webhook.port.in.ManageWebhooksUseCase;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.Attempt;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.Delivery;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.DeliveryStatus;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.Endpoint;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.infrastructure.security.AccountResolver;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Webhooks of the caller's account: endpoints ({@code /v1/webhook-endpoints}), the secret for per-message
 * webhook URLs ({@code /v1/webhook-secret}), and deliveries with their attempts, dead letters and replay
 * ({@code /v1/webhook-deliveries}). Another account's endpoint or delivery is a 404.
 */
@RestController
class WebhookController {

    private final ManageWebhooksUseCase webhooks;
    private final AccountResolver accounts;
    private final JsonMapper json;

    WebhookController(ManageWebhooksUseCase webhooks, AccountResolver accounts, JsonMapper json) {
        this.webhooks = webhooks;
        this.accounts = accounts;
        this.json = json;
    }

    @PostMapping("/v1/webhook-endpoints")
    ResponseEntity<EndpointResponse> create(@AuthenticationPrincipal Jwt jwt, @RequestBody EndpointRequest request) {
        RequestBodies.require(request);
        var created = webhooks.createEndpoint(accounts.accountOf(jwt), request.url(), request.eventTypes(),
                request.description());
        return ResponseEntity.created(URI.create("/v1/webhook-endpoints/" + created.endpoint().id()))
                .body(response(created.endpoint(), created.secret()));
    }

    @GetMapping("/v1/webhook-endpoints")
    EndpointList list(@AuthenticationPrincipal Jwt jwt) {
        return new EndpointList(webhooks.endpoints(accounts.accountOf(jwt)).stream()
                .map(endpoint -> response(endpoint, null)).toList());
    }

    @GetMapping("/v1/webhook-endpoints/{id}")
    EndpointResponse get(@AuthenticationPrincipal Jwt jwt, @PathVariable("id") String id) {
        return response(webhooks.endpoint(accounts.accountOf(jwt), id), null);
    }

    @PatchMapping("/v1/webhook-endpoints/{id}")
    EndpointResponse update(@AuthenticationPrincipal Jwt jwt, @PathVariable("id") String id,
                            @RequestBody EndpointUpdate request) {
        RequestBodies.require(request);
        return response(webhooks.updateEndpoint(accounts.accountOf(jwt), id, request.url(), request.eventTypes(),
                request.description(), request.enabled()), null);
    }

    @DeleteMapping("/v1/webhook-endpoints/{id}")
    ResponseEntity<Void> delete(@AuthenticationPrincipal Jwt jwt, @PathVariable("id") String id) {
        webhooks.deleteEndpoint(accounts.accountOf(jwt), id);
        return ResponseEntity.noContent().build();
    }

    /** A new signing secret; the previous ones keep signing during the overlap (default 24 h, at most 7 days). */
    @PostMapping("/v1/webhook-endpoints/{id}/secret-rotations")
    SecretResponse rotate(@AuthenticationPrincipal Jwt jwt, @PathVariable("id") String id,
                          @RequestBody(required = false) RotationRequest request) {
        var rotated = webhooks.rotateEndpointSecret(accounts.accountOf(jwt), id, overlap(request));
        return new SecretResponse(rotated.secret(), rotated.previousSecretsValidUntil());
    }

    /** Creates or rotates the secret that signs events sent to a message's own {@code webhookUrl}. */
    @PostMapping("/v1/webhook-secret")
    SecretResponse rotateMessageUrlSecret(@AuthenticationPrincipal Jwt jwt,
                                          @RequestBody(required = false) RotationRequest request) {
        var rotated = webhooks.rotateMessageUrlSecret(accounts.accountOf(jwt), overlap(request));
        return new SecretResponse(rotated.secret(), rotated.previousSecretsValidUntil());
    }

    private static Duration overlap(RotationRequest request) {
        return request == null || request.overlapSeconds() == null ? null : Duration.ofSeconds(request.overlapSeconds());
    }

    /** @param status pending, delivering, delivered or dead (the dead letters); all when absent */
    @GetMapping("/v1/webhook-deliveries")
    DeliveryPage deliveries(@AuthenticationPrincipal Jwt jwt,
                            @RequestParam(name = "status", required = false) String status,
                            @RequestParam(name = "after", defaultValue = "0") long after,
                            @RequestParam(name = "limit", defaultValue = "100") int limit) {
        RequestBodies.checkPage(after, limit);
        DeliveryStatus wanted = status == null ? null : RequestBodies.enumValue(DeliveryStatus.class, status, "status");
        List<DeliveryResponse> deliveries = webhooks.deliveries(accounts.accountOf(jwt), wanted, after, limit).stream()
                .map(delivery -> response(delivery, null)).toList();
        return new DeliveryPage(deliveries, deliveries.isEmpty() ? after : deliveries.getLast().id());
    }

    @GetMapping("/v1/webhook-deliveries/{id}")
    DeliveryResponse delivery(@AuthenticationPrincipal Jwt jwt, @PathVariable("id") long id) {
        var found = webhooks.delivery(accounts.accountOf(jwt), id);
        return response(found.delivery(), found.attempts());
    }

    /** Sends a dead delivery again, from the start of the retry schedule. */
    @PostMapping("/v1/webhook-deliveries/{id}/replay")
    ResponseEntity<DeliveryResponse> replay(@AuthenticationPrincipal Jwt jwt, @PathVariable("id") long id) {
        return ResponseEntity.accepted().body(response(webhooks.replay(accounts.accountOf(jwt), id), null));
    }

    private static EndpointResponse response(Endpoint endpoint, String secret) {
        return new EndpointResponse(endpoint.id(), endpoint.url(), List.copyOf(endpoint.eventTypes()),
                endpoint.description(), endpoint.enabled(), endpoint.disabledReason(), endpoint.createdAt(),
                endpoint.updatedAt(), secret);
    }

    private DeliveryResponse response(Delivery d, List<Attempt> attempts) {
        return new DeliveryResponse(d.id(), d.endpointId(), d.url(), d.eventId(), d.eventType(), d.messageId(),
                d.sequence(), d.occurredAt(), d.status().name().toLowerCase(java.util.Locale.ROOT), d.attempts(),
                d.nextAttemptAt(), d.lastStatusCode(), d.lastError(), d.createdAt(), d.deliveredAt(),
                attempts == null ? null : json.readTree(d.payload()),
                attempts == null ? null : attempts.stream().map(a -> new AttemptResponse(a.attempt(), a.attemptedAt(),
                        a.statusCode(), a.latencyMillis(), a.error(), a.outcome())).toList());
    }

    record EndpointRequest(String url, List<String> eventTypes, String description) {
    }

    record EndpointUpdate(String url, List<String> eventTypes, String description, Boolean enabled) {
    }

    record RotationRequest(Long overlapSeconds) {
    }

    /** @param secret shown when the endpoint is created (and by a rotation), never again */
    record EndpointResponse(String id, String url, List<String> eventTypes, String description, boolean enabled,
                            String disabledReason, Instant createdAt, Instant updatedAt, String secret) {
    }

    record EndpointList(List<EndpointResponse> endpoints) {
    }

    record SecretResponse(String secret, Instant previousSecretsValidUntil) {
    }

    record DeliveryResponse(long id, String endpointId, String url, String eventId, String eventType, String messageId,
                            long sequence, Instant occurredAt, String status, int attempts, Instant nextAttemptAt,
                            Integer lastStatusCode, String lastError, Instant createdAt, Instant deliveredAt,
                            JsonNode payload, List<AttemptResponse> attemptHistory) {
    }

    record AttemptResponse(int attempt, Instant at, Integer statusCode, long latencyMillis, String error,
                           String outcome) {
    }

    record DeliveryPage(List<DeliveryResponse> deliveries, long next) {
    }
}
