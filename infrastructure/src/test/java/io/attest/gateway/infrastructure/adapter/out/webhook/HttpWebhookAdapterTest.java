package io.attest.gateway.infrastructure.adapter.out.webhook;

import io.attest.gateway.application.webhook.port.out.WebhookHttpPort.Response;
import io.attest.gateway.infrastructure.support.WebhookReceiver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The webhook HTTP client against a real HTTP server on loopback. */
@org.junit.jupiter.api.Tag("security")
class HttpWebhookAdapterTest {

    private final WebhookReceiver receiver = new WebhookReceiver();

    @AfterEach
    void close() {
        receiver.close();
    }

    @Test
    void postsTheBodyWithTheHeadersAndReportsTheStatus() {
        receiver.answer("/ok", request -> 202);
        try (HttpWebhookAdapter http = new HttpWebhookAdapter(Duration.ofSeconds(2), true)) {
            Response response = http.post(URI.create(receiver.url("/ok")), Map.of("webhook-id", "evt-1",
                    "content-type", "application/json"), "{\"a\":1}", Duration.ofSeconds(2));

            assertThat(response.statusCode()).isEqualTo(202);
            assertThat(response.error()).isNull();
        }
        assertThat(receiver.requests("/ok")).singleElement().satisfies(request -> {
            assertThat(request.body()).isEqualTo("{\"a\":1}");
            assertThat(request.header("webhook-id")).isEqualTo("evt-1");
        });
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsAnErrorNotAnException() {
        receiver.answer("/slow", request -> WebhookReceiver.HANG);
        try (HttpWebhookAdapter http = new HttpWebhookAdapter(Duration.ofSeconds(2), true)) {
            Response response = http.post(URI.create(receiver.url("/slow")), Map.of(), "{}", Duration.ofMillis(300));

            assertThat(response.statusCode()).isNull();
            assertThat(response.error()).isEqualTo("no answer within 300 ms");
        }
    }

    @Test
    void aRefusedConnectionIsAnError() {
        String url = receiver.url("/gone");
        receiver.close();
        try (HttpWebhookAdapter http = new HttpWebhookAdapter(Duration.ofSeconds(2), true)) {
            Response response = http.post(URI.create(url), Map.of(), "{}", Duration.ofSeconds(1));

            assertThat(response.statusCode()).isNull();
            assertThat(response.error()).startsWith("request failed");
        }
    }

    @Test
    void privateAddressesAreRefusedUnlessTheOperatorAllowsThem() {
        try (HttpWebhookAdapter http = new HttpWebhookAdapter(Duration.ofSeconds(2), false)) {
            for (String url : new String[]{receiver.url("/ok"), "http://10.1.2.3/x", "http://192.168.0.1/x",
                    "http://169.254.169.254/latest/meta-data", "http://[fd00::1]/x", "http://100.64.0.1/x"}) {
                Response response = http.post(URI.create(url), Map.of(), "{}", Duration.ofSeconds(1));

                assertThat(response.statusCode()).isNull();
                assertThat(response.error()).contains("private address");
            }
        }
        assertThat(receiver.requests("/ok")).isEmpty();
    }

    @Test
    void ipv6FormsThatCarryTheLoopbackAddressAreRefusedBeforeAnyConnection() {
        try (HttpWebhookAdapter http = new HttpWebhookAdapter(Duration.ofSeconds(2), false)) {
            for (String host : new String[] {"[::127.0.0.1]", "[::ffff:0:7f00:1]", "[64:ff9b::7f00:1]",
                    "[2002:7f00:1::1]"}) {
                Response response = http.post(URI.create(receiver.url("/ok").replace("127.0.0.1", host)
                        .replace("localhost", host)), Map.of(), "{}", Duration.ofSeconds(1));

                assertThat(response.statusCode()).as(host).isNull();
                assertThat(response.error()).as(host).contains("private address");
            }
        }
        assertThat(receiver.requests("/ok")).isEmpty();
    }

    /** Whether a connection waits on the listener (accepted and closed if so). */
    private static boolean connectionWaiting(java.net.ServerSocket listener) throws java.io.IOException {
        listener.setSoTimeout(300);
        try (java.net.Socket ignored = listener.accept()) {
            return true;
        } catch (java.net.SocketTimeoutException none) {
            return false;
        }
    }

    private static java.net.ServerSocket listenerOnIpv6Loopback(int port) {
        try {
            java.net.ServerSocket listener = new java.net.ServerSocket();
            listener.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName("::1"), port));
            return listener;
        } catch (java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no IPv6 loopback here: " + e.getMessage());
            return null;
        }
    }

    @Test
    void theConnectionGoesToTheAddressesThatWereVettedWhateverALaterAnswerSays() throws Exception {
        receiver.answer("/ok", request -> 204);
        int port = URI.create(receiver.url("/ok")).getPort();
        java.util.concurrent.atomic.AtomicInteger lookups = new java.util.concurrent.atomic.AtomicInteger();
        // the first answer is vetted; any later one (a rebinding DNS server) names an address the policy refuses
        HttpWebhookAdapter.HostResolver rebinding = host -> new java.net.InetAddress[] {java.net.InetAddress.getByName(
                lookups.incrementAndGet() == 1 ? "127.0.0.1" : "::1")};
        java.util.function.Function<java.net.InetAddress, String> policy =
                address -> address instanceof java.net.Inet6Address ? "the address a later answer names" : null;
        try (java.net.ServerSocket refused = listenerOnIpv6Loopback(port);
             HttpWebhookAdapter http = new HttpWebhookAdapter(Duration.ofSeconds(2), false, rebinding, policy)) {
            Response first = http.post(URI.create("http://rebinding.test:" + port + "/ok"), Map.of(), "{}",
                    Duration.ofSeconds(2));

            assertThat(first.statusCode()).as(first.error()).isEqualTo(204);
            assertThat(lookups.get()).as("resolved once for the first request: the check and the connection together")
                    .isEqualTo(1);
            Response second = http.post(URI.create("http://rebinding.test:" + port + "/ok"), Map.of(), "{}",
                    Duration.ofSeconds(2));
            // the second reuses the vetted connection, or resolves again and is refused: never sent elsewhere
            if (second.statusCode() == null) {
                assertThat(second.error()).contains("resolves to the private address");
            } else {
                assertThat(second.statusCode()).isEqualTo(204);
            }
            assertThat(connectionWaiting(refused)).as("nothing reached the address of the later answer").isFalse();
        }
    }

    @Test
    void anAnswerWithARefusedAddressMakesNoConnectionAtAll() throws Exception {
        int port = URI.create(receiver.url("/ok")).getPort();
        HttpWebhookAdapter.HostResolver ipv6Loopback = host -> new java.net.InetAddress[] {
                java.net.InetAddress.getByName("::1")};
        try (java.net.ServerSocket listener = listenerOnIpv6Loopback(port);
             HttpWebhookAdapter http = new HttpWebhookAdapter(Duration.ofSeconds(2), false, ipv6Loopback,
                     WebhookAddressPolicy::refusal)) {
            Response response = http.post(URI.create("http://somewhere.test:" + port + "/x"), Map.of(), "{}",
                    Duration.ofSeconds(1));

            assertThat(response.statusCode()).isNull();
            assertThat(response.error()).contains("somewhere.test resolves to the private address");
            assertThat(connectionWaiting(listener)).isFalse();
        }
    }

    @Test
    void aLargeBodyGoesWholeWithTheContentTypeGiven() {
        receiver.answer("/big", request -> 200);
        try (HttpWebhookAdapter http = new HttpWebhookAdapter(Duration.ofSeconds(2), true)) {
            Response response = http.post(URI.create(receiver.url("/big")), Map.of("content-type",
                    "application/json; charset=utf-8"), "{\"x\":\"" + "y".repeat(100_000) + "\"}", Duration.ofSeconds(2));
            assertThat(response.statusCode()).isEqualTo(200);
        }
        assertThat(receiver.requests("/big")).singleElement().satisfies(request -> {
            assertThat(request.body()).hasSize(100_008);
            assertThat(request.header("content-type")).isEqualTo("application/json; charset=utf-8");
        });
    }
}
