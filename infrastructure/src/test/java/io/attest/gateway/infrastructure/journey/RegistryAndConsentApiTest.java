package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Brands, campaigns, numbers and consent over the API: validation, scopes and tenant isolation. */
class RegistryAndConsentApiTest extends GatewayTestBase {

    private static final String CAMPAIGN_TERMS = """
            "useCase": "MARKETING", "description": "Weekly offers",
            "sampleMessages": ["Initech: 10%% off. Reply STOP to opt out.", "Initech: new stock. Reply STOP to end."],
            "optInFlow": "unticked box at checkout",
            "optInText": "Initech offers, 4 msgs/month. Consent is not a condition of purchase. Msg & data rates may apply. Reply STOP to cancel.",
            "helpReply": "Initech: support@initech.example. Msg & data rates may apply. Reply STOP to cancel.",
            "stopConfirmation": "Initech: unsubscribed.", "messageFrequency": "4 per month\"""";

    private String operatorToken() {
        return client.token("registry-operator", "operator-secret", null);
    }

    private String globexToken() {
        return client.token("globex-app", "globex-secret", null);
    }

    private String registerBrand(String token) {
        Response created = client.post("/v1/brands", token, """
                {"legalName": "Initech LLC", "taxId": "98-7654321", "entityType": "PRIVATE_PROFIT",
                 "vertical": "TECHNOLOGY", "website": "https://initech.example", "contactEmail": "legal@initech.example"}""");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("status").asString()).isEqualTo("pending");
        return created.json().get("id").asString();
    }

    private String verifiedBrand(String token) {
        String brand = registerBrand(token);
        Response vetted = client.post("/v1/brands/" + brand + "/vetting", operatorToken(),
                "{\"identityVerified\": true, \"trustScore\": 62}");
        assertThat(vetted.status()).as(vetted.body()).isEqualTo(200);
        return brand;
    }

    private Response registerCampaign(String token, String brand, String terms) {
        return client.post("/v1/campaigns", token, "{\"brandId\": \"" + brand + "\", " + terms + "}");
    }

    @org.springframework.beans.factory.annotation.Autowired
    javax.sql.DataSource dataSource;

    private static java.util.List<String> ids(Response page) {
        java.util.List<String> ids = new java.util.ArrayList<>();
        page.json().get("data").forEach(e -> ids.add(e.has("id") ? e.get("id").asString() : e.get("number").asString()));
        return ids;
    }

    @Test
    @Tag("security")
    void theRegistryIsListedPerAccountByStatusAndPageByPage() {
        String pending = registerBrand(globexToken());
        String brand = verifiedBrand(globexToken());
        String campaign = registerCampaign(globexToken(), brand, CAMPAIGN_TERMS.formatted()).json().get("id").asString();
        String rejected = registerCampaign(globexToken(), brand, CAMPAIGN_TERMS.formatted()).json().get("id").asString();
        client.post("/v1/campaigns/" + rejected + "/decisions", operatorToken(),
                "{\"decision\": \"REJECT\", \"reason\": \"no opt-in proof\"}");
        String tollFree = "+1888" + (1_000_000 + (int) (Math.random() * 8_999_999));
        assertThat(client.put("/v1/numbers/" + tollFree, globexToken(),
                "{\"campaignId\": \"" + campaign + "\", \"type\": \"TOLL_FREE\"}").status()).isEqualTo(200);

        assertThat(ids(client.get("/v1/brands", globexToken()))).contains(pending, brand);
        assertThat(ids(client.get("/v1/brands", acmeToken()))).doesNotContain(pending, brand).contains("acme-brand");
        assertThat(ids(client.get("/v1/brands?status=verified", globexToken()))).contains(brand).doesNotContain(pending);
        Response rejectedOnes = client.get("/v1/campaigns?status=rejected", globexToken());
        assertThat(ids(rejectedOnes)).contains(rejected).doesNotContain(campaign);
        JsonNode listed = rejectedOnes.json().get("data").get(ids(rejectedOnes).indexOf(rejected));
        assertThat(listed.get("statusReason").asString()).isEqualTo("no opt-in proof");
        assertThat(listed.get("brandId").asString()).isEqualTo(brand);
        assertThat(listed.get("status").asString()).isEqualTo("rejected");
        JsonNode number = client.get("/v1/numbers?status=unverified", globexToken()).json().get("data").get(0);
        assertThat(number.get("number").asString()).isEqualTo(tollFree);
        assertThat(number.get("campaignId").asString()).isEqualTo(campaign);
        assertThat(ids(client.get("/v1/numbers", acmeToken()))).doesNotContain(tollFree);

        Response first = client.get("/v1/brands?limit=1", globexToken());
        assertThat(ids(first)).hasSize(1);
        Response second = client.get("/v1/brands?limit=1&cursor=" + first.json().get("nextCursor").asString(), globexToken());
        assertThat(ids(second)).hasSize(1).doesNotContainAnyElementsOf(ids(first));

        Response badStatus = client.get("/v1/campaigns?status=approved", globexToken());
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.json().get("detail").asString()).contains("status");
        assertThat(client.get("/v1/brands?limit=0", globexToken()).status()).isEqualTo(400);
        assertThat(client.get("/v1/brands?limit=201", globexToken()).status()).isEqualTo(400);
    }

    /**
     * The lists of a gateway upgraded with a registry already recorded: the migration that creates them fills them
     * from the event store. Its statement, run again here over rows removed first, finds them as the events had left
     * them: the same statuses, reasons, parents and times.
     */
    @Test
    void entriesRecordedBeforeTheListsExistedAreFilledFromTheEventStore() throws Exception {
        String brand = verifiedBrand(globexToken());
        String suspended = verifiedBrand(globexToken());
        client.post("/v1/brands/" + suspended + "/suspension", operatorToken(), "{\"reason\": \"carrier complaint\"}");
        String campaign = registerCampaign(globexToken(), brand, CAMPAIGN_TERMS.formatted()).json().get("id").asString();
        String rejected = registerCampaign(globexToken(), brand, CAMPAIGN_TERMS.formatted()).json().get("id").asString();
        client.post("/v1/campaigns/" + rejected + "/decisions", operatorToken(),
                "{\"decision\": \"REJECT\", \"reason\": \"no opt-in proof\"}");
        String verified = "+1888" + (1_000_000 + (int) (Math.random() * 8_999_999));
        String released = "+1888" + (1_000_000 + (int) (Math.random() * 8_999_999));
        String unverified = "+1877" + (1_000_000 + (int) (Math.random() * 8_999_999));
        for (String n : java.util.List.of(verified, released, unverified)) {
            assertThat(client.put("/v1/numbers/" + n, globexToken(),
                    "{\"campaignId\": \"" + campaign + "\", \"type\": \"TOLL_FREE\"}").status()).isEqualTo(200);
        }
        client.post("/v1/numbers/" + verified + "/toll-free-verification", operatorToken(), "{}");
        client.post("/v1/numbers/" + released + "/toll-free-verification", operatorToken(), "{}");
        assertThat(client.delete("/v1/numbers/" + released + "/campaign", globexToken()).status()).isEqualTo(200);
        java.util.List<String> ids = java.util.List.of(brand, suspended, campaign, rejected, verified, released,
                unverified);

        String select = "SELECT kind, id, account_id, name, parent_id, status, reason, verified, "
                + "date_trunc('milliseconds', registered_at), date_trunc('milliseconds', updated_at) "
                + "FROM registry_entry WHERE id = ANY(?) ORDER BY kind, id";
        var jdbc = new org.springframework.jdbc.core.JdbcTemplate(dataSource);
        var asRecorded = jdbc.queryForList(select, (Object) ids.toArray(String[]::new));
        assertThat(asRecorded).hasSize(7);
        assertThat(asRecorded).extracting(row -> row.get("status")).containsExactlyInAnyOrder(
                "VERIFIED", "SUSPENDED", "PENDING", "REJECTED", "SERVING", "RELEASED", "UNVERIFIED");

        String migration = new String(getClass().getResourceAsStream("/db/migration/V112__registry_entry.sql")
                .readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String fill = migration.substring(migration.indexOf("-- [jooq ignore start]"),
                migration.indexOf("-- [jooq ignore stop]"));
        jdbc.update("DELETE FROM registry_entry WHERE id = ANY(?)", (Object) ids.toArray(String[]::new));
        assertThat(jdbc.queryForList(select, (Object) ids.toArray(String[]::new))).isEmpty();
        jdbc.execute(fill);

        assertThat(jdbc.queryForList(select, (Object) ids.toArray(String[]::new))).isEqualTo(asRecorded);
    }

    @Test
    void aBrandIsVettedByTheOperatorNotByTheAccount() {
        String brand = registerBrand(acmeToken());

        assertThat(client.post("/v1/brands/" + brand + "/vetting", acmeToken(),
                "{\"identityVerified\": true, \"trustScore\": 99}").status()).isEqualTo(403);
        Response vetted = client.post("/v1/brands/" + brand + "/vetting", operatorToken(),
                "{\"identityVerified\": true, \"trustScore\": 62}");

        assertThat(vetted.json().get("status").asString()).isEqualTo("verified");
        assertThat(vetted.json().get("trustScore").asInt()).isEqualTo(62);
    }

    @Test
    void aSuspendedBrandStopsItsCampaignsFromSending() {
        String brand = verifiedBrand(acmeToken());
        Response suspended = client.post("/v1/brands/" + brand + "/suspension", operatorToken(),
                "{\"reason\": \"carrier complaint\"}");
        assertThat(suspended.status()).as(suspended.body()).isEqualTo(200);
        assertThat(suspended.json().get("status").asString()).isEqualTo("suspended");
        assertThat(client.post("/v1/brands/" + brand + "/suspension", acmeToken(), "{}").status()).isEqualTo(403);
    }

    @Test
    @Tag("security")
    void aChosenIdIsRefusedAlikeWhetherOrNotAnotherAccountHoldsIt() {
        String brand = """
                {"id": "%s", "legalName": "X", "taxId": "98-7654321", "entityType": "PRIVATE_PROFIT",
                 "vertical": "V", "contactEmail": "e@x.example"}""";
        Response acmes = client.post("/v1/brands", globexToken(), brand.formatted("acme-brand"));
        Response unused = client.post("/v1/brands", globexToken(), brand.formatted("nobody-has-this-id"));
        Response campaign = client.post("/v1/campaigns", globexToken(), "{\"id\": \"acme-otp\", \"brandId\": \"x\"}");

        assertThat(acmes.status()).isEqualTo(400);
        assertThat(acmes.json().get("detail")).isEqualTo(unused.json().get("detail"));
        assertThat(acmes.json().get("code")).isEqualTo(unused.json().get("code"));
        assertThat(acmes.json().get("detail").asString()).contains("assigned by the gateway").doesNotContain("acme");
        assertThat(campaign.status()).isEqualTo(400);
        assertThat(campaign.json().get("detail").asString()).contains("assigned by the gateway");
        assertThat(registerBrand(acmeToken())).startsWith("brand-");
    }

    @Test
    void anotherAccountsBrandIsNotFound() {
        String brand = registerBrand(acmeToken());

        Response response = client.get("/v1/brands/" + brand, globexToken());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("code").asString()).isEqualTo("brand-not-found");
        assertThat(client.get("/v1/brands/" + brand, acmeToken()).status()).isEqualTo(200);
    }

    @Test
    void aCampaignNeedsAVerifiedBrandAndValidTerms() {
        String pending = registerBrand(acmeToken());
        Response unverified = registerCampaign(acmeToken(), pending, CAMPAIGN_TERMS.formatted());
        assertThat(unverified.status()).isEqualTo(422);
        assertThat(unverified.json().get("code").asString()).isEqualTo("brand-not-verified");

        String brand = verifiedBrand(acmeToken());
        Response badSamples = registerCampaign(acmeToken(), brand,
                CAMPAIGN_TERMS.formatted().replace("Reply STOP to end.", "Big sale!"));
        assertThat(badSamples.status()).isEqualTo(422);
        assertThat(badSamples.json().get("code").asString()).isEqualTo("invalid-campaign");
        assertThat(badSamples.json().get("detail").asString()).contains("sample message 2");

        Response created = registerCampaign(acmeToken(), brand, CAMPAIGN_TERMS.formatted());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().get("status").asString()).isEqualTo("pending");
        assertThat(created.json().get("attMessagesPerMinute").asInt()).isEqualTo(2_400);

        String campaign = created.json().get("id").asString();
        Response approved = client.post("/v1/campaigns/" + campaign + "/decisions", operatorToken(),
                "{\"decision\": \"APPROVE\"}");
        assertThat(approved.json().get("status").asString()).isEqualTo("active");
        Response again = client.post("/v1/campaigns/" + campaign + "/decisions", operatorToken(),
                "{\"decision\": \"REJECT\", \"reason\": \"late\"}");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("code").asString()).isEqualTo("invalid-state");
    }

    @Test
    void aNumberServesOneCampaignOfOneAccount() {
        String brand = verifiedBrand(acmeToken());
        String campaign = registerCampaign(acmeToken(), brand, CAMPAIGN_TERMS.formatted()).json().get("id").asString();
        String other = registerCampaign(acmeToken(), brand, CAMPAIGN_TERMS.formatted()).json().get("id").asString();
        String number = "+1555" + (1_000_000 + (int) (Math.random() * 8_999_999));

        Response assigned = client.put("/v1/numbers/" + number, acmeToken(), "{\"campaignId\": \"" + campaign + "\"}");
        assertThat(assigned.status()).as(assigned.body()).isEqualTo(200);
        assertThat(assigned.json().get("campaignId").asString()).isEqualTo(campaign);

        Response second = client.put("/v1/numbers/" + number, acmeToken(), "{\"campaignId\": \"" + other + "\"}");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("code").asString()).isEqualTo("number-unavailable");

        Response globex = client.put("/v1/numbers/" + number, globexToken(), "{\"campaignId\": \"globex-otp\"}");
        assertThat(globex.status()).isEqualTo(409);
        assertThat(client.get("/v1/numbers/" + number, globexToken()).status()).isEqualTo(404);

        Response unknownCampaign = client.put("/v1/numbers/" + number, globexToken(), "{\"campaignId\": \"" + campaign + "\"}");
        assertThat(unknownCampaign.status()).isEqualTo(422);
        assertThat(unknownCampaign.json().get("code").asString()).isEqualTo("unknown-campaign");
    }

    @Test
    void writtenConsentMustCarryItsDisclosuresAndWebEvidenceItsDevice() {
        Response noDisclosure = client.post("/v1/consents/opt-ins", acmeToken(), """
                {"brandId": "acme-brand", "subscriber": "+12125550999", "campaignId": "acme-promos", "kind": "EXPRESS_WRITTEN",
                 "evidence": {"channel": "WEB_FORM", "ipAddress": "203.0.113.7", "userAgent": "Mozilla/5.0",
                              "disclosureShown": "Text me offers", "consentGiven": "[x]"}}""");
        assertThat(noDisclosure.status()).isEqualTo(422);
        assertThat(noDisclosure.json().get("code").asString()).isEqualTo("invalid-consent");
        assertThat(noDisclosure.json().get("detail").asString()).contains("not a condition of purchase");

        Response noDevice = client.post("/v1/consents/opt-ins", acmeToken(), """
                {"brandId": "acme-brand", "subscriber": "+12125550999", "campaignId": "acme-promos", "kind": "EXPRESS",
                 "evidence": {"channel": "WEB_FORM", "disclosureShown": "Text me", "consentGiven": "[x]"}}""");
        assertThat(noDevice.status()).isEqualTo(422);
        assertThat(noDevice.json().get("detail").asString()).contains("IP address");
    }

    @Test
    void consentIsRecordedWithItsEvidenceAndOnlyItsAccountReadsIt() {
        Response recorded = client.post("/v1/consents/opt-ins", acmeToken(), """
                {"brandId": "acme-brand", "subscriber": "+12125550777", "campaignId": "acme-promos", "kind": "EXPRESS_WRITTEN",
                 "consentedAt": "2026-11-20T15:00:00Z",
                 "evidence": {"channel": "WEB_FORM", "ipAddress": "203.0.113.7", "userAgent": "Mozilla/5.0",
                   "disclosureShown": "I agree to marketing texts from Acme. Consent is not a condition of purchase.",
                   "consentGiven": "[x] Yes", "sourceReference": "https://acme.example/join v3", "subscriberName": "Pat Doe"}}""");
        assertThat(recorded.status()).as(recorded.body()).isEqualTo(201);
        JsonNode entry = recorded.json().get("history").get(0);
        assertThat(entry.get("consentedAt").asString()).isEqualTo("2026-11-20T15:00:00Z");
        assertThat(entry.get("recordedBy").asString()).isEqualTo("acme-app");
        assertThat(entry.get("evidence").get("disclosureSha256").asString()).hasSize(64);
        assertThat(entry.get("evidence").get("ipAddress").asString()).isEqualTo("203.0.113.7");
        assertThat(recorded.json().get("campaigns").get(0).get("consent").asString()).isEqualTo("EXPRESS_WRITTEN");

        assertThat(client.get("/v1/consents/acme-brand/+12125550777", globexToken()).status()).isEqualTo(404);
        Response foreignWrite = client.post("/v1/consents/opt-outs", globexToken(),
                "{\"brandId\": \"acme-brand\", \"subscriber\": \"+12125550777\", \"scope\": \"BRAND\"}");
        assertThat(foreignWrite.status()).isEqualTo(422);
        assertThat(foreignWrite.json().get("code").asString()).isEqualTo("unknown-brand");
    }

    @Test
    void complianceEndpointsNeedTheirScopes() {
        String readOnly = client.token("acme-reader", "acme-reader-secret", null);

        assertThat(client.post("/v1/brands", readOnly, "{}").status()).isEqualTo(403);
        assertThat(client.get("/v1/consents/acme-brand/+12125550123", readOnly).status()).isEqualTo(403);
        assertThat(client.post("/v1/consents/opt-ins", readOnly, "{}").status()).isEqualTo(403);
        assertThat(client.post("/v1/brands", null, "{}").status()).isEqualTo(401);
    }

    @Test
    void malformedRegistrationsAreA400NotA500() {
        Response badEnum = client.post("/v1/brands", acmeToken(), """
                {"legalName": "X", "taxId": "98-7654321", "entityType": "SPACESHIP", "vertical": "V", "contactEmail": "e"}""");
        assertThat(badEnum.status()).isEqualTo(400);
        assertThat(badEnum.json().get("detail").asString()).contains("PRIVATE_PROFIT");
        assertThat(client.post("/v1/campaigns", acmeToken(), "[1,2]").status()).isEqualTo(400);
        assertThat(client.put("/v1/numbers/not-a-number", acmeToken(), "{\"campaignId\": \"acme-otp\"}").status())
                .isEqualTo(400);
    }
}
