package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageEvent;
import io.attest.gateway.infrastructure.adapter.out.persistence.MessageTextKeys;
import io.attest.gateway.infrastructure.simulator.SmscSimulator;
import io.attest.gateway.infrastructure.support.Eventually;
import io.attest.gateway.infrastructure.support.GatewayClient;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Message text is kept sealed at rest and goes for good when its retention ends, while the events, the timeline and
 * the audit chain stay (crypto-shredding). Its own context: destroying today's keys must not reach the other tests.
 */
@Tag("security")
@TestPropertySource(properties = {
        "gateway.retention.one-time-code-text=8d",
        "gateway.retention.message-text=30d"
})
class MessageTextRetentionTest extends GatewayTestBase {

    private static final String SUBSCRIBER = "+15557651234";
    private static final String CODE = "Your Acme login code is 482913";
    private static final String REPLY = "thanks, got the code 482913";

    @Autowired
    DSLContext db;

    @Autowired
    MessageTextKeys keys;

    @Autowired
    ComplianceHistoryPort history;

    @Autowired
    io.attest.gateway.infrastructure.support.SimulatorProbe simulator;

    @Test
    void aOneTimeCodeIsSealedAtRestAndGoneAfterItsRetentionWhileTheRecordStays() {
        String token = acmeToken();
        consentToAcmeCodes(SUBSCRIBER);
        String id = client.sendMessage(token, ACME_SENDER, SUBSCRIBER, CODE).json().get("id").asString();
        awaitStatus(token, id, "delivered");
        assertThat(simulator.sendInbound(SUBSCRIBER, ACME_SENDER, REPLY)).isTrue();
        JsonNode received = awaitReceived(token);
        assertThat(received.get("text").asString()).isEqualTo(REPLY);

        // at rest: neither the code nor the reply in plain text, anywhere they are kept
        assertThat(storedTexts()).isNotEmpty().noneMatch(stored -> stored.contains("482913"));
        assertThat(db.fetchValue("SELECT payload FROM domain_event_entry WHERE aggregate_identifier = ? "
                + "AND payload_type LIKE '%MessageAccepted'", id).toString()).contains("\"text\":\"sealed:v1:codes:");
        assertThat(history.history(id, MessageEvent.class).getFirst().event())
                .isInstanceOfSatisfying(MessageAccepted.class, accepted -> assertThat(accepted.text()).isEqualTo(CODE));
        long events = db.fetchCount(db.selectFrom("domain_event_entry"));
        String auditer = client.token("acme-compliance", "acme-compliance-secret", null);
        assertThat(client.get("/v1/audit/verification", auditer).json().get("valid").asBoolean()).isTrue();

        // nine days on, the codes of today are past their 8 days; the other texts are kept 30
        assertThat(keys.destroyExpired(Instant.now().plus(Duration.ofDays(9)))).isEqualTo(1);

        assertThat(history.history(id, MessageEvent.class).getFirst().event())
                .isInstanceOfSatisfying(MessageAccepted.class, accepted -> assertThat(accepted.text()).isNull());
        assertThat(keys.unseal(db.fetchValue("SELECT body FROM delivery_status WHERE message_id = ?", id).toString()))
                .isNull();
        assertThat(db.fetchCount(db.selectFrom("domain_event_entry"))).isEqualTo(events);
        GatewayClient.Response message = client.get("/v1/messages/" + id, token);
        assertThat(message.status()).isEqualTo(200);
        assertThat(message.json().get("status").asString()).isEqualTo("delivered");
        assertThat(message.json().get("timeline")).hasSizeGreaterThanOrEqualTo(4);
        assertThat(client.get("/v1/audit/verification", auditer).json().get("valid").asBoolean()).isTrue();
        assertThat(awaitReceived(token).get("text").asString()).isEqualTo(REPLY);

        // and thirty-one days on, the reply's text too
        assertThat(keys.destroyExpired(Instant.now().plus(Duration.ofDays(31)))).isEqualTo(1);
        assertThat(awaitReceived(token).get("text").isNull()).isTrue();
        assertThat(client.get("/v1/audit/verification", auditer).json().get("valid").asBoolean()).isTrue();
    }

    @Test
    void aRetentionShorterThanAMessageMayWaitIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        new MessageTextKeys.Retention(Duration.ofDays(7), Duration.ofDays(8)))
                .hasMessageContaining("gateway.retention.message-text").hasMessageContaining("at least 8 days");
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        new MessageTextKeys.Retention(Duration.ZERO, Duration.ofHours(1)))
                .hasMessageContaining("gateway.retention.one-time-code-text");
        assertThat(new MessageTextKeys.Retention(Duration.ZERO, Duration.ofDays(8)).messageText()).isZero();
    }

    /** Every place a text of these tests is stored: events, read model, event feed, webhook deliveries. */
    private List<String> storedTexts() {
        List<String> stored = new java.util.ArrayList<>();
        stored.addAll(db.fetch("SELECT payload FROM domain_event_entry WHERE payload_type LIKE '%MessageAccepted' "
                + "OR payload_type LIKE '%InboundMessageReceived'").getValues(0, String.class));
        stored.addAll(db.fetch("SELECT body FROM delivery_status").getValues(0, String.class));
        stored.addAll(db.fetch("SELECT data FROM account_event").getValues(0, String.class));
        stored.addAll(db.fetch("SELECT payload FROM webhook_delivery").getValues(0, String.class));
        return stored;
    }

    private JsonNode awaitReceived(String token) {
        return Eventually.await(BOUND, "the reply in GET /v1/events", () -> {
            for (JsonNode event : client.get("/v1/events?limit=500", token).json().get("events")) {
                if (event.get("type").asString().equals("message.received")
                        && event.get("data").get("from").asString().equals(SUBSCRIBER)) {
                    return Optional.of(event.get("data"));
                }
            }
            return Optional.empty();
        });
    }
}
