package io.attest.gateway.infrastructure.adapter.out.webhook;

import io.attest.gateway.application.webhook.port.out.WebhookHttpPort;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.nio.entity.DiscardingEntityConsumer;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * POSTs webhook events: persistent connections, no redirects followed, the whole exchange within a timeout per
 * attempt, the receiver's body read and dropped. Unless the operator allows it, a host that resolves to an address
 * that is not public unicast ({@link WebhookAddressPolicy}) is refused before any connection. The host is resolved
 * once per connection, and the connection goes to the addresses of that answer, the ones that were vetted: a DNS
 * answer that changes between the check and the connection (rebinding) cannot lead it anywhere else.
 */
public class HttpWebhookAdapter implements WebhookHttpPort, AutoCloseable {

    /** Resolves a host name to its addresses; the system's resolver in production. */
    @FunctionalInterface
    interface HostResolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final CloseableHttpAsyncClient client;

    public HttpWebhookAdapter(Duration connectTimeout, boolean allowPrivateAddresses) {
        this(connectTimeout, allowPrivateAddresses, InetAddress::getAllByName, WebhookAddressPolicy::refusal);
    }

    /** @param refusal why an address may not be reached, or null when it may */
    HttpWebhookAdapter(Duration connectTimeout, boolean allowPrivateAddresses, HostResolver resolver,
                       Function<InetAddress, String> refusal) {
        DnsResolver vetted = new DnsResolver() {
            @Override
            public InetAddress[] resolve(String host) throws UnknownHostException {
                InetAddress[] addresses = resolver.resolve(host);
                if (!allowPrivateAddresses) {
                    for (InetAddress address : addresses) {
                        String why = refusal.apply(address);
                        if (why != null) {
                            throw new RefusedAddress(host + " resolves to the private address " + address.getHostAddress()
                                    + " (" + why + "), which webhooks may not reach "
                                    + "(gateway.webhooks.allow-private-addresses)");
                        }
                    }
                }
                return addresses;
            }

            @Override
            public String resolveCanonicalHostname(String host) {
                return host;
            }
        };
        this.client = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setDnsResolver(vetted)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.of(connectTimeout))
                                .build())
                        .setMaxConnPerRoute(64)
                        .setMaxConnTotal(1024)
                        .build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(2).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .build();
        client.start();
    }

    /** A host whose answer holds an address webhooks may not reach: no connection is made. */
    static final class RefusedAddress extends UnknownHostException {
        RefusedAddress(String message) {
            super(message);
        }
    }

    @Override
    public Response post(URI url, Map<String, String> headers, String body, Duration timeout) {
        long started = System.nanoTime();
        SimpleHttpRequest request;
        try {
            SimpleRequestBuilder builder = SimpleRequestBuilder.post(url);
            ContentType contentType = ContentType.APPLICATION_JSON;
            for (var header : headers.entrySet()) {
                if (header.getKey().equalsIgnoreCase("content-type")) {
                    contentType = ContentType.parse(header.getValue());
                } else {
                    builder.addHeader(header.getKey(), header.getValue());
                }
            }
            request = builder.setBody(body, contentType)
                    .setRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(timeout)).build())
                    .build();
        } catch (IllegalArgumentException e) {
            return new Response(null, elapsed(started), "not a URL the gateway can call: " + e.getMessage());
        }
        // the whole exchange, body included, within the timeout: a receiver that trickles its body is cut off too
        // the receiver's body is read and dropped as it arrives: a receiver cannot fill the memory
        Future<Message<HttpResponse, Void>> exchange = client.execute(SimpleRequestProducer.create(request),
                new BasicResponseConsumer<>(new DiscardingEntityConsumer<>()), null);
        try {
            return new Response(exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS).getHead().getCode(),
                    elapsed(started), null);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return new Response(null, elapsed(started), "no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RefusedAddress refused) {
                return new Response(null, elapsed(started), refused.getMessage());
            }
            if (cause instanceof UnknownHostException) {
                return new Response(null, elapsed(started), "unknown host " + url.getHost());
            }
            if (cause instanceof SocketTimeoutException) {
                return new Response(null, elapsed(started), "no answer within " + timeout.toMillis() + " ms");
            }
            return new Response(null, elapsed(started), "request failed: " + (cause instanceof IOException io
                    ? describe(io) : String.valueOf(cause)));
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return new Response(null, elapsed(started), "the gateway stopped during the request");
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
        client.close(CloseMode.GRACEFUL);
    }
}
