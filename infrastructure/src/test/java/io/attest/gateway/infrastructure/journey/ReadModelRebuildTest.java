package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.support.Eventually;
import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator rebuilds the delivery timelines and the consent ledger by replaying the event store: the rebuilt
 * tables equal the live ones, even after the live ones were damaged behind the gateway's back.
 */
class ReadModelRebuildTest extends GatewayTestBase {

    @Autowired
    DSLContext db;

    private String operator() {
        return client.token("registry-operator", "operator-secret", null);
    }

    @Autowired
    io.attest.gateway.infrastructure.adapter.out.persistence.MessageTextKeys texts;

    /** The read models' rows; a text as it reads, since each sealing of it differs (a fresh nonce). */
    private Map<String, List<Map<String, Object>>> snapshot() {
        List<Map<String, Object>> statuses = db.fetch("SELECT * FROM delivery_status ORDER BY message_id").intoMaps();
        statuses.forEach(row -> row.put("body", texts.unseal((String) row.get("body"))));
        return Map.of(
                "delivery_status", statuses,
                "message_timeline", db.fetch("SELECT * FROM message_timeline ORDER BY message_id, sequence").intoMaps(),
                "consent_ledger", db.fetch("SELECT * FROM consent_ledger ORDER BY account_id, brand_id, subscriber, "
                        + "entry_number").intoMaps());
    }

    private void rebuildAndAwait(String name) {
        Response rebuild = client.post("/v1/operations/read-models/" + name + "/rebuild", operator(), "");
        assertThat(rebuild.status()).as(rebuild.body()).isEqualTo(202);
        String[] last = {""};
        try {
            Eventually.awaitTrue(BOUND, name + " rebuilt", () -> {
                var status = client.get("/v1/operations/read-models/" + name, operator());
                last[0] = status.body();
                return status.json().get("upToDate").asBoolean();
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; last status " + last[0], e);
        }
    }

    @Test
    void rebuiltReadModelsEqualTheLiveOnes() {
        consentToAcmeCodes("+15557654321");
        String token = acmeToken();
        String delivered = client.sendMessage(token, ACME_SENDER, "+15557654321", "before the rebuild").json()
                .get("id").asString();
        String blocked = client.sendMessage(token, ACME_SENDER, "+15550301234", "no consent").json().get("messageId").asString();
        awaitStatus(token, delivered, "delivered");
        awaitStatus(token, blocked, "blocked");
        Eventually.awaitTrue(BOUND, "the consent ledger written", () ->
                db.fetchCount(db.selectFrom(org.jooq.impl.DSL.table("consent_ledger"))) > 0);
        Map<String, List<Map<String, Object>>> live = snapshot();

        // damage the read models the way a stray script would
        db.execute("UPDATE delivery_status SET status = 'FAILED' WHERE message_id = ?", delivered);
        db.execute("DELETE FROM message_timeline WHERE message_id = ? AND sequence = 0", delivered);
        db.execute("DELETE FROM consent_ledger WHERE entry_number = 1");
        assertThat(snapshot()).isNotEqualTo(live);

        rebuildAndAwait("message-read-model");
        rebuildAndAwait("consent-ledger");

        Map<String, List<Map<String, Object>>> rebuilt = Eventually.await(BOUND, "rebuilt tables equal to the live ones",
                () -> {
                    var now = snapshot();
                    return now.equals(live) ? Optional.of(now) : Optional.empty();
                });
        assertThat(rebuilt.get("message_timeline")).isNotEmpty();
        assertThat(client.get("/v1/messages/" + delivered, token).json().get("status").asString()).isEqualTo("delivered");
    }

    @Test
    void onlyTheOperatorRebuildsAndOnlyViews() {
        assertThat(client.post("/v1/operations/read-models/message-read-model/rebuild", acmeToken(), "").status())
                .isEqualTo(403);
        Response audit = client.post("/v1/operations/read-models/audit-trail/rebuild", operator(), "");
        assertThat(audit.status()).isEqualTo(404);
        assertThat(audit.json().get("code").asString()).isEqualTo("read-model-not-found");
        assertThat(client.get("/v1/operations/read-models", operator()).json().get("readModels"))
                .extracting(model -> model.get("name").asString())
                .containsExactly("message-read-model", "consent-ledger");
    }
}
