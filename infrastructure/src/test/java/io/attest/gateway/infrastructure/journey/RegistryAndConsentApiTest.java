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
