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
}
