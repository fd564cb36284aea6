package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.support.Eventually;
import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Costs over real HTTP with real tokens, the real carrier connection and PostgreSQL: the estimate on the 202, the
 * charge once the carrier takes the message, rate cards by effective date, the carrier lookup, spend limits under
 * concurrency with their alerts, inbound charging, and reports that add up.
 */
class CostJourneyTest extends GatewayTestBase {

    // numbers no other test uses: 555-766 is a T-Mobile block below, one number of it is ported to AT&T
    private static final String T_MOBILE = "+15557660001";
    private static final String PORTED_TO_ATT = "+15557660002";

    @Autowired
    io.attest.gateway.infrastructure.support.SimulatorProbe simulator;

    private String operator() {
        return client.token("registry-operator", "operator-secret", null);
    }

    private void loadCarrierTables() {
        Response blocks = client.putCsv("/v1/carrier-table/blocks", operator(), """
                prefix,carrier
                555766,T-Mobile
                5557670,Verizon
                """);
        assertThat(blocks.status()).as(blocks.body()).isEqualTo(200);
        assertThat(blocks.json().get("stored").asInt()).isEqualTo(2);
        Response ported = client.putCsv("/v1/carrier-table/ported-numbers", operator(), "number,carrier\n"
                + PORTED_TO_ATT + ",AT&T\n");
        assertThat(ported.status()).as(ported.body()).isEqualTo(200);
    }

    private JsonNode currentCard() {
        return client.get("/v1/rate-cards/current", acmeToken()).json();
    }

    private static BigDecimal expected(JsonNode card, String carrier, int segments) {
        BigDecimal route = new BigDecimal(card.get("outbound").get("perSegment").asString());
        BigDecimal fee = new BigDecimal(card.get("carrierFees").get(carrier).get("sms").get("REGISTERED_10DLC").asString());
        return route.add(fee).multiply(BigDecimal.valueOf(segments));
    }

    @Test
    void aMessageCarriesItsEstimateAndItsChargeOnEveryView() {
        loadCarrierTables();
        String acme = acmeToken();
        consentToAcmeCodes(PORTED_TO_ATT);
        JsonNode card = currentCard();
        assertThat(client.get("/v1/carrier-table/lookup?number=" + q(PORTED_TO_ATT), operator()).json()
                .get("carrier").asString()).isEqualTo("AT&T");
        assertThat(client.get("/v1/carrier-table/lookup?number=" + q(T_MOBILE), operator()).json()
                .get("carrier").asString()).isEqualTo("T-Mobile");

        JsonNode dryRun = client.post("/v1/messages/dry-run", acme, """
                {"from": "%s", "to": "%s", "text": "Your code is 1234"}""".formatted(ACME_SENDER, PORTED_TO_ATT)).json();
        assertThat(new BigDecimal(dryRun.get("estimatedCost").get("amount").asString()))
                .isEqualByComparingTo(expected(card, "AT&T", 1));

        Response sent = client.sendMessage(acme, ACME_SENDER, PORTED_TO_ATT, "Your code is 1234");
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        JsonNode estimate = sent.json().get("estimatedCost");
        assertThat(estimate.get("carrier").asString()).isEqualTo("AT&T");
        assertThat(estimate.get("trafficClass").asString()).isEqualTo("REGISTERED_10DLC");
        assertThat(estimate.get("segments").asInt()).isEqualTo(1);
        assertThat(estimate.get("route").isNull()).isFalse();
        assertThat(new BigDecimal(estimate.get("amount").asString())).isEqualByComparingTo(expected(card, "AT&T", 1));

        // two segments, charged as two
        String longText = "Your code is 5678. ".repeat(9); // 171 GSM-7 characters
        Response multipart = client.sendMessage(acme, ACME_SENDER, PORTED_TO_ATT, longText);
        assertThat(multipart.status()).as(multipart.body()).isEqualTo(202);
        assertThat(multipart.json().get("segments").asInt()).isEqualTo(2);

        String id = sent.json().get("id").asString();
        JsonNode delivered = awaitStatus(acme, id, "delivered");
        assertThat(delivered.get("estimatedCost").asString()).isEqualTo(estimate.get("amount").asString());
        assertThat(delivered.get("charged").asString()).isEqualTo(estimate.get("amount").asString());
        assertThat(delivered.get("currency").asString()).isEqualTo("USD");
        assertThat(stepDetail(delivered, "MessageAccepted")).startsWith("estimated " + estimate.get("amount").asString());
        assertThat(stepDetail(delivered, "MessageSubmitted")).contains("charged " + estimate.get("amount").asString());

        JsonNode two = awaitStatus(acme, multipart.json().get("id").asString(), "delivered");
        assertThat(new BigDecimal(two.get("charged").asString())).isEqualByComparingTo(expected(card, "AT&T", 2));

        JsonNode submittedEvent = Eventually.await(BOUND, "the submitted event in the feed", () -> feedEvent(acme, id,
                "message.submitted"));
        assertThat(submittedEvent.get("data").get("charged").get("amount").asString())
                .isEqualTo(estimate.get("amount").asString());
        assertThat(feedEvent(acme, id, "message.accepted").orElseThrow().get("data").get("estimatedCost")
                .get("carrier").asString()).isEqualTo("AT&T");
    }

    @Test
    void aRateCardPricesWhatIsSentFromItsDateOnAndNothingBefore() throws Exception {
        loadCarrierTables();
        String acme = acmeToken();
        consentToAcmeCodes(PORTED_TO_ATT);
        JsonNode before = currentCard();
        Instant effective = Instant.now().plusSeconds(3);
        String card = """
                {"effectiveFrom": "%s", "currency": "USD", "source": "the test's contract",
                 "outbound": {"perSegment": "0.0100", "byConnection": {}},
                 "inbound": {"perMessage": "0.0050"},
                 "carrierFees": {"AT&T": {"sms": {"REGISTERED_10DLC": "0.0031", "UNREGISTERED_10DLC": "0.0040",
                                                 "TOLL_FREE": "0.0031", "SHORT_CODE": "0.0031"}},
                                 "T-Mobile": {"sms": {"REGISTERED_10DLC": "0.0045", "UNREGISTERED_10DLC": "0.0045",
                                                 "TOLL_FREE": "0.0045", "SHORT_CODE": "0.0045"}, "inboundSms": "0.0025"}},
                 "unknownCarrierFees": {"sms": {"REGISTERED_10DLC": "0.0050", "UNREGISTERED_10DLC": "0.0050",
                                                "TOLL_FREE": "0.0050", "SHORT_CODE": "0.0050"}, "inboundSms": "0.0025"},
                 "monthly": {"number": "1.15", "campaign": "10.00"}}""".formatted(effective);
        assertThat(client.post("/v1/rate-cards", acme, card).status()).isEqualTo(403); // an account reads, never adds
        Response added = client.post("/v1/rate-cards", operator(), card);
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(client.post("/v1/rate-cards", operator(), card).status()).isEqualTo(400); // its date is taken

        Response old = client.sendMessage(acme, ACME_SENDER, PORTED_TO_ATT, "Your code is 1111");
        assertThat(new BigDecimal(old.json().get("estimatedCost").get("amount").asString()))
                .isEqualByComparingTo(expected(before, "AT&T", 1));
        awaitStatus(acme, old.json().get("id").asString(), "delivered");

        Thread.sleep(Math.max(0, java.time.Duration.between(Instant.now(), effective).toMillis() + 200));
        Response priced = client.sendMessage(acme, ACME_SENDER, PORTED_TO_ATT, "Your code is 2222");
        assertThat(priced.json().get("estimatedCost").get("amount").asString()).isEqualTo("0.0131");
        assertThat(priced.json().get("estimatedCost").get("rateCard").asString()).isEqualTo(effective.toString());
        assertThat(awaitStatus(acme, priced.json().get("id").asString(), "delivered").get("charged").asString())
                .isEqualTo("0.0131");
        // the earlier message keeps the price it was charged
        assertThat(new BigDecimal(client.get("/v1/messages/" + old.json().get("id").asString(), acme).json()
                .get("charged").asString())).isEqualByComparingTo(expected(before, "AT&T", 1));

        JsonNode cards = client.get("/v1/rate-cards", acme).json();
        assertThat(cards.get("inForce").asString()).isEqualTo(effective.toString());
        assertThat(cards.get("cards").get(0).get("source").asString()).contains("textvolt"); // the built-in card

        assertProblem(client.post("/v1/rate-cards", operator(), card.replace(effective.toString(), "2020-01-01T00:00:00Z")),
                400, "effectiveFrom");
        assertProblem(client.post("/v1/rate-cards", operator(), card.replace(effective.toString(),
                Instant.now().plusSeconds(60).toString()).replace("\"0.0100\"", "\"ten cents\"")), 400, "outbound.perSegment");
    }

    @Test
    void aSpendLimitHoldsUnderSixteenConcurrentSendsAndAlertsOncePerThreshold() throws Exception {
        loadCarrierTables();
        String acme = acmeToken();
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String recipient = "+1555766%04d".formatted(100 + i);
            consentToAcmeCodes(recipient);
            recipients.add(recipient);
        }
        BigDecimal each = new BigDecimal(client.post("/v1/messages/dry-run", acme, """
                {"from": "%s", "to": "%s", "text": "Your code is 4242"}""".formatted(ACME_SENDER, recipients.get(0)))
                .json().get("estimatedCost").get("amount").asString());
        BigDecimal spentBefore = new BigDecimal(client.get("/v1/spend", acme).json().get("spentToday").asString());
        BigDecimal limit = spentBefore.add(each.multiply(BigDecimal.TEN)).add(each.divide(BigDecimal.TWO));
        // 50 % and 90 % of the day's limit are passed by these sends (what was spent before is below half of it)
        assertThat(spentBefore.compareTo(limit.divide(BigDecimal.TWO))).isNegative();
        Response set = client.put("/v1/accounts/acme/spend-limit", operator(), """
                {"daily": "%s", "currency": "USD", "thresholds": [50, 90]}""".formatted(limit.toPlainString()));
        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(client.put("/v1/accounts/acme/spend-limit", acme, "{\"daily\": \"1000\"}").status()).isEqualTo(403);
        long feedBefore = lastFeedPosition(acme);
        try {
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Future<Response>> sends = new ArrayList<>();
            for (String recipient : recipients) {
                Callable<Response> send = () -> client.sendMessage(acme, ACME_SENDER, recipient, "Your code is 4242");
                sends.add(pool.submit(send));
            }
            List<Response> answers = new ArrayList<>();
            for (Future<Response> send : sends) {
                answers.add(send.get());
            }
            pool.shutdown();

            assertThat(answers).filteredOn(r -> r.status() == 202).hasSize(10);
            List<Response> refused = answers.stream().filter(r -> r.status() != 202).toList();
            assertThat(refused).hasSize(6).allSatisfy(r -> {
                assertThat(r.status()).isEqualTo(422);
                assertThat(r.json().get("code").asString()).isEqualTo("spend-limit-reached");
                assertThat(r.json().get("period").asString()).isEqualTo("daily");
                assertThat(new BigDecimal(r.json().get("limit").asString())).isEqualByComparingTo(limit);
                assertThat(new BigDecimal(r.json().get("remaining").asString())).isLessThan(each);
            });
            JsonNode spend = client.get("/v1/spend", acme).json();
            assertThat(new BigDecimal(spend.get("spentToday").asString())).isLessThanOrEqualTo(limit)
                    .isEqualByComparingTo(spentBefore.add(each.multiply(BigDecimal.TEN)));
            // a refused send is recorded as a decision: blocked by the spend limit
            JsonNode blocked = awaitStatus(acme, refused.getFirst().json().get("messageId").asString(), "blocked");
            assertThat(blocked.get("timeline").toString()).contains("spend.limit");

            List<JsonNode> alerts = Eventually.await(BOUND, "both alerts in the feed", () -> {
                List<JsonNode> found = feedOfType(acme, feedBefore, "account.spend_threshold_reached");
                return found.size() >= 2 ? Optional.of(found) : Optional.empty();
            });
            assertThat(alerts).extracting(a -> a.get("data").get("percent").asInt()).containsExactlyInAnyOrder(50, 90);
            assertThat(alerts).allSatisfy(a -> assertThat(a.get("data").get("period").asString()).isEqualTo("daily"));

            // a HELP answer the rules oblige goes all the same, and is counted
            String subscriber = recipients.getLast();
            assertThat(simulator.sendInbound(subscriber, ACME_SENDER, "HELP")).isTrue();
            Eventually.awaitTrue(BOUND, "the HELP answer sent",
                    () -> simulator.received().stream().anyMatch(r -> r.destination().equals(subscriber)
                            && r.text().contains("help at")));
            Eventually.awaitTrue(BOUND, "the HELP answer counted", () -> new BigDecimal(client.get("/v1/spend", acme)
                    .json().get("spentToday").asString()).compareTo(spentBefore.add(each.multiply(BigDecimal.TEN))) > 0);
        } finally {
            assertThat(client.delete("/v1/accounts/acme/spend-limit", operator()).status()).isEqualTo(204);
        }
        assertThat(client.delete("/v1/accounts/acme/spend-limit", operator()).status()).isEqualTo(404);
        assertThat(client.sendMessage(acme, ACME_SENDER, recipients.getFirst(), "Your code is 4343").status())
                .isEqualTo(202);
    }

    @Test
    void inboundMessagesAreChargedAndReportsAddUpToTheirCharges() {
        loadCarrierTables();
        String acme = acmeToken();
        Instant since = Instant.now().minusSeconds(1);
        consentToAcmeCodes(T_MOBILE);
        String out = client.sendMessage(acme, ACME_SENDER, T_MOBILE, "Your code is 9999").json().get("id").asString();
        assertThat(simulator.sendInbound(T_MOBILE, ACME_SENDER, "thanks")).isTrue();
        JsonNode charged = awaitStatus(acme, out, "delivered");
        JsonNode received = Eventually.await(BOUND, "the inbound message in the feed", () -> {
            List<JsonNode> found = feedOfType(acme, 0, "message.received").stream()
                    .filter(e -> T_MOBILE.equals(e.get("data").get("from").asString())).toList();
            return found.isEmpty() ? Optional.empty() : Optional.of(found.getLast());
        });
        JsonNode inboundCharge = received.get("data").get("charged");
        assertThat(inboundCharge.get("carrier").asString()).isEqualTo("T-Mobile");
        JsonNode card = currentCard();
        assertThat(new BigDecimal(inboundCharge.get("amount").asString())).isEqualByComparingTo(
                new BigDecimal(card.get("inbound").get("perMessage").asString())
                        .add(new BigDecimal(card.get("carrierFees").get("T-Mobile").get("inboundSms").asString())));

        Eventually.awaitTrue(BOUND, "both charges in the report", () -> client.get("/v1/costs?groupBy=direction&since="
                + q(since.toString()), acme).json().get("groups").size() == 2);
        String range = "since=" + q(since.toString()) + "&until=" + q(Instant.now().plusSeconds(1).toString());
        JsonNode byCarrier = client.get("/v1/costs?groupBy=carrier&" + range, acme).json();
        JsonNode total = byCarrier.get("totals").get(0);
        BigDecimal groupsSum = BigDecimal.ZERO;
        for (JsonNode group : byCarrier.get("groups")) {
            groupsSum = groupsSum.add(new BigDecimal(group.get("total").asString()));
        }
        assertThat(groupsSum).isEqualByComparingTo(new BigDecimal(total.get("total").asString()));

        Response csv = client.get("/v1/costs/export?" + range, acme);
        assertThat(csv.status()).isEqualTo(200);
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).startsWith("charged_at,message_id,direction,");
        BigDecimal csvSum = BigDecimal.ZERO;
        for (int i = 1; i < lines.length; i++) {
            String[] cells = lines[i].split(",");
            csvSum = csvSum.add(new BigDecimal(cells[cells.length - 2]));
        }
        assertThat(csvSum).isEqualByComparingTo(new BigDecimal(total.get("total").asString()));
        assertThat(lines.length - 1L).isEqualTo(total.get("messages").asLong());
        assertThat(csv.body()).contains(out + ",outbound,acme-otp,T-Mobile,")
                .contains("," + charged.get("charged").asString() + ",USD");

        // another account sees none of it
        String globex = client.token("globex-app", "globex-secret", null);
        assertThat(client.get("/v1/costs?" + range, globex).json().get("groups")).isEmpty();
        assertProblem(client.get("/v1/costs?groupBy=planet", acme), 400, "groupBy");
        assertProblem(client.get("/v1/costs?since=yesterday", acme), 400, "since");
    }

    @Test
    void aBatchDryRunCountsOutcomesAndTotalsTheExpectedCostBeforeAnythingIsSent() {
        loadCarrierTables();
        String acme = acmeToken();
        consentToAcmeCodes(PORTED_TO_ATT);
        JsonNode card = currentCard();
        String batch = """
                {"messages": [
                  {"from": "%1$s", "to": "%2$s", "text": "Your code is 1"},
                  {"from": "%1$s", "to": "%2$s", "text": "%3$s"},
                  {"from": "%1$s", "to": "+15557669999", "text": "Your code is 3"},
                  {"from": "%1$s", "to": "555", "text": "Your code is 4"}
                ]}""".formatted(ACME_SENDER, PORTED_TO_ATT, "Your code is 2. ".repeat(11));
        long before = lastFeedPosition(acme);

        Response answer = client.post("/v1/messages/batch/dry-run", acme, batch);

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode summary = answer.json().get("summary");
        assertThat(summary.get("byOutcome").get("allowed").asInt()).isEqualTo(2);
        assertThat(summary.get("byOutcome").get("blocked").asInt()).isEqualTo(1);
        assertThat(summary.get("byOutcome").get("invalid").asInt()).isEqualTo(1);
        assertThat(summary.get("blockedOrHeldByRule").get("consent.missing").asInt()).isEqualTo(1);
        assertThat(new BigDecimal(summary.get("estimatedCost").asString()))
                .isEqualByComparingTo(expected(card, "AT&T", 1).add(expected(card, "AT&T", 2)));
        assertThat(summary.get("passesLimit").asBoolean()).isFalse();
        JsonNode items = answer.json().get("messages");
        assertThat(items.get(1).get("result").get("segments").asInt()).isEqualTo(2);
        assertThat(items.get(2).get("result").get("rule").asString()).isEqualTo("consent.missing");
        assertThat(items.get(3).get("error").get("code").asString()).isEqualTo("invalid-phone-number");
        assertThat(lastFeedPosition(acme)).isEqualTo(before); // nothing recorded

        String spent = client.get("/v1/spend", acme).json().get("spentToday").asString();
        client.put("/v1/accounts/acme/spend-limit", operator(), "{\"daily\": \"" + spent + "\"}");
        try {
            JsonNode limited = client.post("/v1/messages/batch/dry-run", acme, batch).json();
            assertThat(limited.get("summary").get("passesLimit").asBoolean()).isTrue();
            assertThat(limited.get("summary").get("dailyRemaining").asString()).isEqualTo("0.0000");
            assertThat(limited.get("messages").get(0).get("result").get("rule").asString()).isEqualTo("spend.limit");
        } finally {
            client.delete("/v1/accounts/acme/spend-limit", operator());
        }
        assertProblem(client.post("/v1/messages/batch/dry-run", acme, "{\"messages\": []}"), 400, "1 to 1000");
    }

    @Test
    void badCarrierTablesAreRefusedWholeAndNameTheRow() {
        loadCarrierTables();
        assertProblem(client.putCsv("/v1/carrier-table/blocks", operator(), "555766,T-Mobile\n12,Verizon\n"), 400,
                "row 2");
        assertProblem(client.putCsv("/v1/carrier-table/blocks", operator(), "555766,T-Mobile\n555766,Verizon\n"), 400,
                "twice");
        assertProblem(client.putCsv("/v1/carrier-table/ported-numbers", operator(), "not-a-number,AT&T\n"), 400, "row 1");
        // nothing was replaced
        assertThat(client.get("/v1/carrier-table/lookup?number=" + q(PORTED_TO_ATT), operator()).json()
                .get("carrier").asString()).isEqualTo("AT&T");
        assertThat(client.putCsv("/v1/carrier-table/blocks", acmeToken(), "555766,T-Mobile\n").status()).isEqualTo(403);
    }

    private static String stepDetail(JsonNode message, String event) {
        for (JsonNode step : message.get("timeline")) {
            if (step.get("event").asString().equals(event)) {
                return step.get("detail").asString();
            }
        }
        throw new AssertionError("no " + event + " step in " + message);
    }

    private Optional<JsonNode> feedEvent(String token, String messageId, String type) {
        long after = 0;
        while (true) {
            JsonNode page = client.get("/v1/events?limit=500&after=" + after, token).json();
            for (JsonNode event : page.get("events")) {
                if (messageId.equals(event.path("messageId").asString(null)) && type.equals(event.get("type").asString())) {
                    return Optional.of(event);
                }
            }
            if (page.get("events").isEmpty()) {
                return Optional.empty();
            }
            after = page.get("next").asLong();
        }
    }

    private List<JsonNode> feedOfType(String token, long after, String type) {
        List<JsonNode> found = new ArrayList<>();
        while (true) {
            JsonNode page = client.get("/v1/events?limit=500&after=" + after, token).json();
            for (JsonNode event : page.get("events")) {
                if (type.equals(event.get("type").asString())) {
                    found.add(event);
                }
            }
            if (page.get("events").isEmpty()) {
                return found;
            }
            after = page.get("next").asLong();
        }
    }

    private long lastFeedPosition(String token) {
        long after = 0;
        while (true) {
            JsonNode page = client.get("/v1/events?limit=500&after=" + after, token).json();
            if (page.get("events").isEmpty()) {
                return after;
            }
            after = page.get("next").asLong();
        }
    }

    private static void assertProblem(Response response, int status, String detailMentions) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("detail").asString()).contains(detailMentions);
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
