package io.attest.gateway.infrastructure.adapter.out.webhook;

import io.attest.gateway.application.webhook.port.out.WebhookHttpPort;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * POSTs webhook events with the JDK's HTTP client: no redirects followed, a timeout per attempt, the receiver's
 * body read and dropped. Unless the operator allows it, a URL whose host resolves to a loopback, link-local,
 * site-local (private) or wildcard address is refused, so a client cannot aim the gateway at its own network.
 */
public class HttpWebhookAdapter implements WebhookHttpPort, AutoCloseable {

    private final HttpClient client;
    private final boolean allowPrivateAddresses;

    public HttpWebhookAdapter(Duration connectTimeout, boolean allowPrivateAddresses) {
        this.client = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.allowPrivateAddresses = allowPrivateAddresses;
    }

    @Override
    public Response post(URI url, Map<String, String> headers, String body, Duration timeout) {
        long started = System.nanoTime();
        try {
            if (!allowPrivateAddresses) {
                String refused = privateAddress(url.getHost());
                if (refused != null) {
                    return new Response(null, 0, refused);
                }
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(timeout)
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(request::header);
            // the whole exchange, body included, within the timeout: a receiver that trickles its body is cut off too
            var exchange = client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding());
            try {
                HttpResponse<Void> response = exchange.get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
                return new Response(response.statusCode(), elapsed(started), null);
            } catch (java.util.concurrent.TimeoutException e) {
                exchange.cancel(true);
                return new Response(null, elapsed(started), "no answer within " + timeout.toMillis() + " ms");
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof HttpTimeoutException) {
                    return new Response(null, elapsed(started), "no answer within " + timeout.toMillis() + " ms");
                }
                return new Response(null, elapsed(started), "request failed: " + (cause instanceof IOException io
                        ? describe(io) : String.valueOf(cause)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(null, elapsed(started), "the gateway stopped during the request");
        } catch (IllegalArgumentException e) {
            return new Response(null, elapsed(started), "not a URL the gateway can call: " + e.getMessage());
        }
    }

    private static String privateAddress(String host) {
        try {
            for (InetAddress address : InetAddress.getAllByName(host)) {
                String refusal = WebhookAddressPolicy.refusal(address);
                if (refusal != null) {
                    return host + " resolves to the private address " + address.getHostAddress() + " (" + refusal
                            + "), which webhooks may not reach (gateway.webhooks.allow-private-addresses)";
                }
            }
            return null;
        } catch (UnknownHostException e) {
            return "unknown host " + host;
        }
    }

    private static String describe(IOException e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static long elapsed(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }

    @Override
    public void close() {
        client.close();
    }
}
