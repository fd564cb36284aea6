package io.attest.gateway.application.webhook.port.out;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** POSTs one signed event to a receiver. */
public interface WebhookHttpPort {

    /** Never throws for the receiver's failures: they are a {@link Response} with an error. */
    Response post(URI url, Map<String, String> headers, String body, Duration timeout);

    /** @param statusCode null when no response came; error then says why */
    record Response(Integer statusCode, long latencyMillis, String error) {
    }
}
