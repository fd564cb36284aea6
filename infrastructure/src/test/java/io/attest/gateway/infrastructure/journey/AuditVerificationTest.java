package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.support.Eventually;
import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit hash chain verified over the API, with the scope a compliance officer's token carries. */
class AuditVerificationTest extends GatewayTestBase {

    @Test
    void theAccountsChainHoldsAndGrowsWithItsMessages() {
        consentToAcmeCodes("+15557654321");
        String token = acmeToken();
        String id = client.sendMessage(token, ACME_SENDER, "+15557654321", "audited").json().get("id").asString();
        awaitStatus(token, id, "delivered");

        Response verification = Eventually.await(BOUND, "the audit trail to reach the delivery", () -> {
            Response response = client.get("/v1/audit/verification", token);
            return response.json().get("entriesChecked").asLong() >= 5 ? java.util.Optional.of(response)
                    : java.util.Optional.empty();
        });

        assertThat(verification.status()).isEqualTo(200);
        assertThat(verification.json().get("valid").asBoolean()).isTrue();
        assertThat(verification.json().get("head").asString()).hasSize(64);
        assertThat(verification.json().get("accountId").asString()).isEqualTo("acme");
    }

    @Test
    void verificationNeedsTheAuditScope() {
        String readOnly = client.token("acme-reader", "acme-reader-secret", null);
        assertThat(client.get("/v1/audit/verification", readOnly).status()).isEqualTo(403);
        assertThat(client.get("/v1/audit/verification", null).status()).isEqualTo(401);
    }
}
