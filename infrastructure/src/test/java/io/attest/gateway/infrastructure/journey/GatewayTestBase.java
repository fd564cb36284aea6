package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.GatewayApplication;
import io.attest.gateway.infrastructure.support.GatewayClient;
import io.attest.gateway.infrastructure.support.Eventually;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Optional;

/**
 * The whole gateway on its embedded defaults (embedded PostgreSQL, SMSC simulator, local issuer), reached
 * over real HTTP with real tokens. All subclasses share one application context.
 */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "gateway.data-dir=target/test-data/gateway-${random.uuid}",
                "gateway.simulator.port=0",
                "gateway.simulator.receipt-delay=20ms",
                "gateway.smpp.reconnect-delay=200ms",
                // webhooks: quick retries, a timeout a hanging receiver reaches within a test
                "gateway.webhooks.retry-schedule=100ms,200ms,300ms",
                "gateway.webhooks.timeout=4s",
                "gateway.webhooks.poll-interval=50ms",
                // the tests send to a few numbers many times: the velocity rule has its own test (SendLimitsTest)
                "gateway.limits.defaults.recipient-messages=0",
                // a rate card takes effect two seconds after it is added, not a minute (CostJourneyTest)
                "gateway.costs.rate-card-refresh=1s",
                "gateway.costs.rate-card-notice=2s"
        })
abstract class GatewayTestBase {

    static final Duration BOUND = Duration.ofSeconds(15);

    /** The SMTP relay the gateway mails replies and receipts through (EmailToSmsTest reads what it received). */
    static final com.icegreen.greenmail.util.GreenMail MAIL_RELAY = startRelay();

    private static com.icegreen.greenmail.util.GreenMail startRelay() {
        var relay = new com.icegreen.greenmail.util.GreenMail(com.icegreen.greenmail.util.ServerSetupTest.SMTP
                .dynamicPort());
        relay.start();
        return relay;
    }

    @org.springframework.test.context.DynamicPropertySource
    static void mailRelay(org.springframework.test.context.DynamicPropertyRegistry properties) {
        properties.add("spring.mail.host", () -> "127.0.0.1");
        properties.add("spring.mail.port", () -> MAIL_RELAY.getSmtp().getPort());
    }
    static final String ACME_SENDER = "+15551234567";
    static final String GLOBEX_SENDER = "+15559876543";

    @LocalServerPort
    int port;

    GatewayClient client;

    @BeforeEach
    void client() {
        client = new GatewayClient(port);
    }

    String acmeToken() {
        return client.token("acme-app", "acme-secret", null);
    }

    /** Records the recipient's prior express consent to acme's 2FA campaign, as the client's sign-up would. */
    void consentToAcmeCodes(String recipient) {
        GatewayClient.Response response = client.post("/v1/consents/opt-ins", acmeToken(), """
                {"brandId": "acme-brand", "subscriber": "%s", "campaignId": "acme-otp", "kind": "EXPRESS",
                 "evidence": {"channel": "API", "disclosureShown": "We will text you login codes. Reply STOP to cancel.",
                              "consentGiven": "entered the number at sign-up", "sourceReference": "signup v2"}}
                """.formatted(recipient));
        if (response.status() != 201) {
            throw new AssertionError("consent not recorded: " + response);
        }
    }

    /** The types of the message's events in the account's feed, in order, read page by page from its start. */
    java.util.List<String> feedTypesOf(String token, String messageId) {
        java.util.List<String> types = new java.util.ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = client.get("/v1/events?limit=500&after=" + after, token).json();
            for (JsonNode event : page.get("events")) {
                if (messageId.equals(event.path("messageId").asString(null))) {
                    types.add(event.get("type").asString());
                }
            }
            if (page.get("events").isEmpty()) {
                return types;
            }
            after = page.get("next").asLong();
        }
    }

    /**
     * Polls GET /v1/messages/{id} until the message reaches the status, then waits until the read side that lists
     * and feeds show has handled the message's events too. GET /v1/messages/{id} answers from the event store when the
     * read model is behind; lists, searches and the event feed are read models that follow it in batches
     * (gateway.event-processing.read-side-gather), as does the audit trail, so a test that reads them next waits for
     * them here.
     */
    JsonNode awaitStatus(String token, String id, String status) {
        JsonNode seen = Eventually.await(BOUND, "message " + id + " " + status, () -> {
            GatewayClient.Response response = client.get("/v1/messages/" + id, token);
            return response.status() == 200 && response.json().get("status").asString().equals(status)
                    ? Optional.of(response.json()) : Optional.empty();
        });
        Long last = readSideDb.queryForObject(
                "SELECT max(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?", Long.class, id);
        if (last != null) {
            for (String processor : java.util.List.of("message-read-model", "event-feed", "audit-trail")) {
                Eventually.awaitTrue(BOUND, processor + " past message " + id, () -> positionOf(processor) >= last);
            }
        }
        return seen;
    }

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.jdbc.core.JdbcTemplate readSideDb;

    private static final java.util.regex.Pattern TOKEN_INDEX = java.util.regex.Pattern.compile("\"index\"\\s*:\\s*(\\d+)");

    /** The position in the event store up to which a single-segment processor has handled every event. */
    long positionOf(String processor) {
        String token = readSideDb.queryForObject(
                "SELECT token FROM token_entry WHERE processor_name = ? AND segment = 0", String.class, processor);
        var index = token == null ? null : TOKEN_INDEX.matcher(token);
        return index != null && index.find() ? Long.parseLong(index.group(1)) : -1;
    }
}
