package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.support.Eventually;
import io.attest.gateway.infrastructure.support.GatewayClient;
import org.junit.jupiter.api.Test;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** What the platform team's Prometheus scrapes: real HTTP, real tokens, a real message through the simulator. */
class MetricsTest extends GatewayTestBase {

    private String operatorToken() {
        return client.token("registry-operator", "operator-secret", null);
    }

    private static double sample(String scrape, String name, String label) {
        String labels = label.isEmpty() ? "(\\{[^}]*})?" : "\\{[^}]*" + Pattern.quote(label) + "[^}]*}";
        Matcher matcher = Pattern.compile("(?m)^" + Pattern.quote(name) + labels + " ([0-9.eE+-]+|NaN)$")
                .matcher(scrape);
        return matcher.find() ? Double.parseDouble(matcher.group(matcher.groupCount())) : Double.NaN;
    }

    @Test
    void theOperatorScrapesMessageCountsLatenciesAndBacklogsAndATenantCannot() {
        assertThat(client.get("/actuator/prometheus", null).status()).isEqualTo(401);
        assertThat(client.get("/actuator/prometheus", acmeToken()).status()).isEqualTo(403);
        String before = client.get("/actuator/prometheus", operatorToken()).body();
        double delivered = sample(before, "gateway_messages_total", "outcome=\"delivered\"");
        double accepted = sample(before, "gateway_messages_total", "outcome=\"accepted\"");

        String recipient = "+15557650901";
        consentToAcmeCodes(recipient);
        String token = acmeToken();
        String id = client.sendMessage(token, ACME_SENDER, recipient, "counted").json().get("id").asString();
        Eventually.awaitTrue(BOUND, "delivered", () -> "delivered".equals(
                client.get("/v1/messages/" + id, token).json().path("status").asString()));

        GatewayClient.Response scrape = client.get("/actuator/prometheus", operatorToken());
        assertThat(scrape.status()).isEqualTo(200);
        String after = scrape.body();
        assertThat(sample(after, "gateway_messages_total", "outcome=\"accepted\"")).isGreaterThanOrEqualTo(accepted + 1);
        assertThat(sample(after, "gateway_messages_total", "outcome=\"delivered\"")).isGreaterThanOrEqualTo(delivered + 1);
        assertThat(after).contains("gateway_message_accept_to_submit_seconds_count")
                .contains("gateway_message_submit_to_receipt_seconds_count")
                .contains("gateway_webhooks_pending").contains("gateway_webhooks_dead")
                .contains("gateway_smpp_bind_up").contains("gateway_smpp_throttled_total")
                .contains("http_server_requests_seconds_bucket"); // the dashboard's p99 by route
        assertThat(sample(after, "gateway_processor_lag", "processor=\"message-dispatch\"")).isGreaterThanOrEqualTo(0);
        assertThat(sample(after, "gateway_message_submit_to_receipt_seconds_count", "")).isGreaterThanOrEqualTo(1);
    }
}
