package io.attest.gateway.application.webhook.port.in;

import io.attest.gateway.application.webhook.port.out.WebhookStorePort.Attempt;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.Delivery;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.DeliveryStatus;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort.Endpoint;
import io.attest.gateway.domain.shared.AccountId;

import java.time.Duration;
import java.util.List;

/** An API client manages where its events are delivered, and looks after deliveries that failed. */
public interface ManageWebhooksUseCase {

    /** @param eventTypes null or empty for every type */
    EndpointWithSecret createEndpoint(AccountId account, String url, List<String> eventTypes, String description);

    List<Endpoint> endpoints(AccountId account);

    Endpoint endpoint(AccountId account, String endpointId);

    /** Changes what is given (null keeps the current value); enabling again clears the disabled reason. */
    Endpoint updateEndpoint(AccountId account, String endpointId, String url, List<String> eventTypes,
                            String description, Boolean enabled);

    void deleteEndpoint(AccountId account, String endpointId);

    /** A new secret signs from now on; the previous ones keep signing for the overlap too (24 h when null). */
    RotatedSecret rotateEndpointSecret(AccountId account, String endpointId, Duration overlap);

    /**
     * Creates or rotates the account's secret for per-message webhook URLs (the {@code webhookUrl} of a send);
     * sends with a webhook URL need one.
     */
    RotatedSecret rotateMessageUrlSecret(AccountId account, Duration overlap);

    /** @param previousSecretsValidUntil until when the secrets before it keep signing */
    record RotatedSecret(String secret, java.time.Instant previousSecretsValidUntil) {
    }

    List<Delivery> deliveries(AccountId account, DeliveryStatus status, long afterId, int limit);

    DeliveryWithAttempts delivery(AccountId account, long deliveryId);

    /** Sends a dead delivery again from the start of the retry schedule. */
    Delivery replay(AccountId account, long deliveryId);

    record EndpointWithSecret(Endpoint endpoint, String secret) {
    }

    record DeliveryWithAttempts(Delivery delivery, List<Attempt> attempts) {
    }
}
