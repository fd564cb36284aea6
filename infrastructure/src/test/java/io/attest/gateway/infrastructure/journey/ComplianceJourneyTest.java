package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.GatewayApplication;
import io.attest.gateway.infrastructure.simulator.SmscSimulator;
import io.attest.gateway.infrastructure.support.Eventually;
import io.attest.gateway.infrastructure.support.GatewayClient;
import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import io.attest.gateway.infrastructure.support.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The compliance journeys end to end: over HTTP with real tokens, SMPP to and from the simulator, events in
 * PostgreSQL, with a clock the test sets for the rules that depend on the recipient's time of day.
 */
@SpringBootTest(classes = {GatewayApplication.class, ComplianceJourneyTest.ClockConfiguration.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "gateway.data-dir=target/test-data/compliance-${random.uuid}",
                "gateway.simulator.port=0",
                "gateway.simulator.receipt-delay=20ms",
                "gateway.compliance.release-interval=100ms",
                "gateway.smpp.inbound-segment-sweep=100ms",
                // globex's brand may send 2 segments a carrier day, so the third message waits for midnight Pacific
                "gateway.dispatch.brand-daily-segments.globex-brand=2"
        })
class ComplianceJourneyTest {

    /** 10:00 in Miami and New York, 9:00 in Oklahoma City. */
    static final Instant MORNING = Instant.parse("2026-11-25T15:00:00Z");
    static final Duration BOUND = Duration.ofSeconds(15);
    static final String OTP_NUMBER = "+15551234567";
    static final String PROMO_NUMBER = "+15551234568";
    private static final AtomicInteger SUBSCRIBERS = new AtomicInteger();

    @TestConfiguration
    static class ClockConfiguration {
        @Bean
        @Primary
        MutableClock testClock() {
            return new MutableClock(MORNING);
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    io.attest.gateway.infrastructure.support.SimulatorProbe simulator;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    Clock applicationClock;

    GatewayClient client;
    String token;

    @BeforeEach
    void setUp() {
        clock.set(MORNING);
        client = new GatewayClient(port);
        token = client.token("acme-app", "acme-secret", null);
    }

    /** A fresh subscriber number in the given area code, so tests do not share consent or counts. */
    static String subscriber(String areaCode) {
        return "+1" + areaCode + "555" + String.format("%04d", SUBSCRIBERS.incrementAndGet());
    }

    void optIn(String subscriber, String campaign, String kind) {
        optIn(subscriber, campaign, kind, false);
    }

    void optIn(String subscriber, String campaign, String kind, Boolean sendConfirmation) {
        Response response = client.post("/v1/consents/opt-ins", token, """
                {"brandId": "acme-brand", "subscriber": "%s", "campaignId": "%s", "kind": "%s", "sendConfirmation": %s,
                 "evidence": {"channel": "WEB_FORM", "ipAddress": "203.0.113.7", "userAgent": "Mozilla/5.0",
                   "disclosureShown": "I agree to receive recurring automated marketing texts from Acme. Consent is not a condition of purchase. Msg & data rates may apply. Reply STOP to cancel.",
                   "consentGiven": "[x] Text me offers", "sourceReference": "https://acme.example/join v3"}}
                """.formatted(subscriber, campaign, kind, sendConfirmation));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
    }

    JsonNode awaitStatus(String id, String status) {
        return awaitStatus(token, id, status);
    }

    void awaitSimulatorGot(String to, String text) {
        Eventually.awaitTrue(BOUND, "the simulator got '" + text + "' for " + to, () -> simulator.received().stream()
                .anyMatch(r -> r.destination().equals(to) && r.text().equals(text)));
    }

    @Test
    void theApplicationRunsOnTheTestsClock() {
        assertThat(applicationClock.instant()).isEqualTo(MORNING);
    }

    @Test
    void anOptedOutNumberIsBlockedWithAProblemNamingTheRuleAndTheBlockIsRecorded() {
        String subscriber = subscriber("212");
        optIn(subscriber, "acme-promos", "EXPRESS_WRITTEN");
        Response optOut = client.post("/v1/consents/opt-outs", token, """
                {"brandId": "acme-brand", "subscriber": "%s", "scope": "BRAND", "method": "AGENT",
                 "words": "customer called and asked to stop all texts"}""".formatted(subscriber));
        assertThat(optOut.status()).as(optOut.body()).isEqualTo(200);

        Response response = client.sendMessage(token, PROMO_NUMBER, subscriber, "Acme: 20% off. Reply STOP to opt out.");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("code").asString()).isEqualTo("compliance-blocked");
        assertThat(problem.get("rule").asString()).isEqualTo("consent.opted-out");
        assertThat(problem.get("ruleSource").asString()).contains("FCC 24-24");
        String id = problem.get("messageId").asString();
        JsonNode blocked = awaitStatus(id, "blocked");
        assertThat(blocked.get("timeline").get(1).get("detail").asString()).startsWith("consent.opted-out");
        assertThat(simulator.received()).noneMatch(r -> r.destination().equals(subscriber));
    }

    @Test
    void stopOverSmppOptsOutConfirmsOnceAndBlocksTheNextMarketingMessage() {
        String subscriber = subscriber("212");
        optIn(subscriber, "acme-promos", "EXPRESS_WRITTEN");
        Response first = client.sendMessage(token, PROMO_NUMBER, subscriber, "Acme: sale today. Reply STOP to opt out.");
        assertThat(first.status()).isEqualTo(202);
        awaitStatus(first.json().get("id").asString(), "delivered");

        assertThat(simulator.sendInbound(subscriber, PROMO_NUMBER, "Stop")).isTrue();

        awaitSimulatorGot(subscriber, "Acme Corp: you are unsubscribed and will get no more messages.");
        JsonNode consent = client.get("/v1/consents/acme-brand/" + subscriber, token).json();
        JsonNode revocation = consent.get("history").get(1);
        assertThat(revocation.get("type").asString()).isEqualTo("opt-out");
        assertThat(revocation.get("method").asString()).isEqualTo("KEYWORD");
        assertThat(revocation.get("matchedRule").asString()).isEqualTo("keyword:STOP");
        assertThat(revocation.get("subscriberWords").asString()).isEqualTo("Stop");
        assertThat(consent.get("campaigns").get(0).get("optedOut").asBoolean()).isTrue();

        Response next = client.sendMessage(token, PROMO_NUMBER, subscriber, "Acme: last chance! Reply STOP to opt out.");
        assertThat(next.status()).isEqualTo(422);
        assertThat(next.json().get("rule").asString()).isEqualTo("consent.opted-out");

        // a second STOP is recorded, but not confirmed again
        assertThat(simulator.sendInbound(subscriber, PROMO_NUMBER, "STOP")).isTrue();
        Eventually.awaitTrue(BOUND, "second revocation recorded", () ->
                client.get("/v1/consents/acme-brand/" + subscriber, token).json().get("history").size() == 3);
        assertThat(client.get("/v1/consents/acme-brand/" + subscriber, token).json().get("history").get(2)
                .get("alreadyOptedOut").asBoolean()).isTrue();
        assertThat(simulator.received().stream().filter(r -> r.destination().equals(subscriber)
                && r.text().contains("unsubscribed")).count()).isEqualTo(1);
    }

    @Test
    void plainWordsRevokeConsentAndNameThePhraseRule() {
        String subscriber = subscriber("212");
        optIn(subscriber, "acme-promos", "EXPRESS_WRITTEN");

        assertThat(simulator.sendInbound(subscriber, PROMO_NUMBER, "please stop texting me!!")).isTrue();

        awaitSimulatorGot(subscriber, "Acme Corp: you are unsubscribed and will get no more messages.");
        JsonNode revocation = client.get("/v1/consents/acme-brand/" + subscriber, token).json().get("history").get(1);
        assertThat(revocation.get("method").asString()).isEqualTo("PLAIN_WORDS");
        assertThat(revocation.get("matchedRule").asString()).isEqualTo("phrase:stop-contacting-me");
    }

    @Test
    void anOptOutSplitOverSegmentsThatArriveOutOfOrderIsReadAsOneMessage() throws InterruptedException {
        String subscriber = subscriber("212");
        optIn(subscriber, "acme-promos", "EXPRESS_WRITTEN");
        String words = "I never signed up for any of this, so please stop texting me from now on. Thank you.";

        assertThat(simulator.sendInboundConcatenated(subscriber, PROMO_NUMBER, words, 77, 3, new int[] {3, 1, 2})).isTrue();

        awaitSimulatorGot(subscriber, "Acme Corp: you are unsubscribed and will get no more messages.");
        JsonNode revocation = client.get("/v1/consents/acme-brand/" + subscriber, token).json().get("history").get(1);
        assertThat(revocation.get("method").asString()).isEqualTo("PLAIN_WORDS");
        assertThat(revocation.get("subscriberWords").asString()).isEqualTo(words);
        assertThat(inboundMessagesFrom(subscriber)).isEqualTo(1);
        assertThat(segmentsWaitingFrom(subscriber)).isZero();

        // the SMSC sends segment 2 again (its answer was lost): acknowledged, and no second message
        assertThat(simulator.sendInboundConcatenated(subscriber, PROMO_NUMBER, words, 77, 3, new int[] {2})).isTrue();
        clock.set(MORNING.plus(Duration.ofMinutes(11))); // even past the wait for missing segments
        Thread.sleep(300); // a few sweeps
        assertThat(inboundMessagesFrom(subscriber)).isEqualTo(1);
        assertThat(segmentsWaitingFrom(subscriber)).isZero();
    }

    @Test
    void anOptOutWhoseMiddleSegmentNeverArrivesIsStillActedOnOnceTheWaitIsOver() {
        String subscriber = subscriber("212");
        optIn(subscriber, "acme-promos", "EXPRESS_WRITTEN");
        String words = "Please stop texting me. The middle of this message is lost on the way to you. Thanks!";

        assertThat(simulator.sendInboundConcatenated(subscriber, PROMO_NUMBER, words, 91, 3, new int[] {1, 3})).isTrue();
        assertThat(segmentsWaitingFrom(subscriber)).isEqualTo(2); // kept, waiting for segment 2
        assertThat(client.get("/v1/consents/acme-brand/" + subscriber, token).json().get("history")).hasSize(1);

        clock.set(MORNING.plus(Duration.ofMinutes(11))); // past the 10 minutes a segment is waited for

        awaitSimulatorGot(subscriber, "Acme Corp: you are unsubscribed and will get no more messages.");
        JsonNode revocation = client.get("/v1/consents/acme-brand/" + subscriber, token).json().get("history").get(1);
        assertThat(revocation.get("subscriberWords").asString()).contains("[segment 2 of 3 missing]")
                .startsWith("Please stop texting me.");
        assertThat(segmentsWaitingFrom(subscriber)).isZero();
    }

    @Test
    void anOrdinaryReplyChangesNoConsent() {
        String subscriber = subscriber("212");
        optIn(subscriber, "acme-promos", "EXPRESS_WRITTEN");

        assertThat(simulator.sendInbound(subscriber, PROMO_NUMBER, "don't stop the reminders")).isTrue();

        assertThat(client.get("/v1/consents/acme-brand/" + subscriber, token).json().get("history")).hasSize(1);
        assertThat(inboundMessagesFrom(subscriber)).isEqualTo(1);
    }

    @Test
    void startOptsInAgainWithTheReplyAsEvidenceAndHelpGetsTheHelpReply() {
        String subscriber = subscriber("212");
        assertThat(simulator.sendInbound(subscriber, PROMO_NUMBER, "START")).isTrue();
        awaitSimulatorGot(subscriber, "Acme Corp offers: recurring msgs. Consent is not a condition of purchase. "
                + "Msg & data rates may apply. Reply HELP for help, STOP to cancel.");
        JsonNode optIn = client.get("/v1/consents/acme-brand/" + subscriber, token).json().get("history").get(0);
        assertThat(optIn.get("type").asString()).isEqualTo("opt-in");
        assertThat(optIn.get("kind").asString()).isEqualTo("EXPRESS_WRITTEN");
        assertThat(optIn.get("evidence").get("channel").asString()).isEqualTo("SMS_KEYWORD");
        assertThat(optIn.get("evidence").get("consentGiven").asString()).isEqualTo("START");
        assertThat(optIn.get("evidence").get("disclosureSha256").asString()).hasSize(64);

        assertThat(simulator.sendInbound(subscriber, PROMO_NUMBER, "help")).isTrue();
        awaitSimulatorGot(subscriber, "Acme Corp: help at support@example.com. Msg & data rates may apply. Reply STOP to cancel.");

        Response offer = client.sendMessage(token, PROMO_NUMBER, subscriber, "Acme: welcome offer. Reply STOP to opt out.");
        assertThat(offer.status()).isEqualTo(202);
    }

    @Test
    void anOptInToARecurringMarketingProgramIsConfirmedFromTheCampaignsNumber() {
        String subscriber = subscriber("212");

        optIn(subscriber, "acme-promos", "EXPRESS_WRITTEN", null);

        awaitSimulatorGot(subscriber, "Acme Corp offers: recurring msgs. Consent is not a condition of purchase. "
                + "Msg & data rates may apply. Reply HELP for help, STOP to cancel.");
        assertThat(simulator.received()).anyMatch(r -> r.destination().equals(subscriber)
                && r.source().equals(PROMO_NUMBER));
    }

    @Test
    void marketingWithoutWrittenConsentIsBlocked() {
        String subscriber = subscriber("212");
        optIn(subscriber, "acme-promos", "EXPRESS");

        Response response = client.sendMessage(token, PROMO_NUMBER, subscriber, "Acme: sale. Reply STOP to opt out.");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("rule").asString()).isEqualTo("consent.written-required");
    }

    @Test
    void aMarketingMessageAt2030InMiamiIsHeldAndReleasedAtEight() {
        String miami = subscriber("305");
        optIn(miami, "acme-promos", "EXPRESS_WRITTEN");
        clock.set(Instant.parse("2026-11-26T01:30:00Z")); // 20:30 in Miami

        Response held = client.sendMessage(token, PROMO_NUMBER, miami, "Acme: tomorrow only! Reply STOP to opt out.");

        assertThat(held.status()).isEqualTo(202);
        assertThat(held.json().get("status").asString()).isEqualTo("held");
        assertThat(held.json().get("heldUntil").asString()).isEqualTo("2026-11-26T13:00:00Z"); // 8:00 in Miami
        String id = held.json().get("id").asString();
        JsonNode waiting = awaitStatus(id, "held");
        assertThat(waiting.get("timeline").get(1).get("detail").asString())
                .startsWith("quiet-hours.state: held until 2026-11-26T13:00:00Z | now=2026-11-26T01:30:00Z")
                .contains("state=FLORIDA");

        clock.set(Instant.parse("2026-11-26T12:59:00Z"));
        assertThat(client.get("/v1/messages/" + id, token).json().get("status").asString()).isEqualTo("held");
        clock.set(Instant.parse("2026-11-26T13:00:01Z"));

        JsonNode delivered = awaitStatus(id, "delivered");
        assertThat(delivered.get("timeline").get(2).get("event").asString()).isEqualTo("MessageReleased");
        awaitSimulatorGot(miami, "Acme: tomorrow only! Reply STOP to opt out.");
    }

    @Test
    void theThirdMessageOfTheDayHeldOvernightIsNotBlockedByItsOwnCountWhenReleased() {
        String miami = subscriber("305");
        optIn(miami, "acme-promos", "EXPRESS_WRITTEN");
        for (int i = 1; i <= 2; i++) {
            assertThat(client.sendMessage(token, PROMO_NUMBER, miami, "Acme morning " + i + ". Reply STOP to opt out.")
                    .status()).isEqualTo(202);
        }
        clock.set(Instant.parse("2026-11-26T01:30:00Z")); // 20:30 in Miami
        Response third = client.sendMessage(token, PROMO_NUMBER, miami, "Acme evening. Reply STOP to opt out.");
        assertThat(third.json().get("status").asString()).isEqualTo("held");

        clock.set(Instant.parse("2026-11-26T13:00:01Z")); // 8:00 in Miami, the morning ones still within 24 h

        awaitStatus(third.json().get("id").asString(), "delivered");
    }

    @Test
    void aMessageOverItsBrandsDailyCarrierCapIsHeldUntilMidnightPacificAndThenSent() {
        String globex = client.token("globex-app", "globex-secret", null);
        String subscriber = subscriber("212");
        assertThat(client.post("/v1/consents/opt-ins", globex, """
                {"brandId": "globex-brand", "subscriber": "%s", "campaignId": "globex-otp", "kind": "EXPRESS",
                 "evidence": {"channel": "API", "disclosureShown": "Login codes", "consentGiven": "sign-up"}}"""
                .formatted(subscriber)).status()).isEqualTo(201);
        java.util.List<String> ids = new java.util.ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            Response sent = client.sendMessage(globex, "+15559876543", subscriber, "Globex code " + i);
            assertThat(sent.status()).isEqualTo(202);
            ids.add(sent.json().get("id").asString());
        }

        // the dispatcher works in parallel segments, so any two of the three may go first: the last one counted waits
        String heldId = Eventually.await(BOUND, "two codes delivered and one held", () -> {
            java.util.Map<String, String> statuses = new java.util.HashMap<>();
            for (String id : ids) {
                statuses.put(id, client.get("/v1/messages/" + id, globex).json().get("status").asString());
            }
            boolean settled = java.util.Collections.frequency(statuses.values(), "delivered") == 2
                    && java.util.Collections.frequency(statuses.values(), "held") == 1;
            return settled ? statuses.entrySet().stream().filter(e -> e.getValue().equals("held"))
                    .map(java.util.Map.Entry::getKey).findFirst() : Optional.empty();
        });
        JsonNode held = awaitStatus(globex, heldId, "held");
        String heldStep = held.get("timeline").get(held.get("timeline").size() - 1).get("detail").asString();
        assertThat(heldStep).startsWith("carrier.daily-cap: held until 2026-11-26T08:00:00Z"); // midnight in Los Angeles
        assertThat(simulator.received().stream().filter(r -> r.destination().equals(subscriber))).hasSize(2);

        clock.set(Instant.parse("2026-11-26T08:00:01Z")); // a new carrier day

        awaitStatus(globex, heldId, "delivered");
        assertThat(jdbc.queryForObject("SELECT segments FROM carrier_brand_day_usage WHERE brand_id = 'globex-brand' "
                + "AND day = DATE '2026-11-26'", Long.class)).isEqualTo(1L);

        // the new day's cap used up again: the opt-out confirmation the rules oblige still goes, over the cap
        awaitStatus(globex, client.sendMessage(globex, "+15559876543", subscriber, "Globex code 4").json().get("id")
                .asString(), "delivered");
        assertThat(simulator.sendInbound(subscriber, "+15559876543", "STOP")).isTrue();
        awaitSimulatorGot(subscriber, "Globex Corporation: you are unsubscribed and will get no more messages.");
        assertThat(jdbc.queryForObject("SELECT segments FROM carrier_brand_day_usage WHERE brand_id = 'globex-brand' "
                + "AND day = DATE '2026-11-26'", Long.class)).isEqualTo(3L);
    }

    /** The inbound messages recorded from the subscriber. */
    int inboundMessagesFrom(String subscriber) {
        return jdbc.queryForObject("SELECT count(*) FROM domain_event_entry WHERE payload_type LIKE "
                + "'%InboundMessageReceived' AND payload LIKE ?", Integer.class, "%" + subscriber + "%");
    }

    /** Segments of the subscriber's messages waiting for the rest of their message. */
    int segmentsWaitingFrom(String subscriber) {
        return jdbc.queryForObject("SELECT count(*) FROM carrier_inbound_segment WHERE source_number = ?",
                Integer.class, subscriber);
    }

    JsonNode awaitStatus(String bearer, String id, String status) {
        return Eventually.await(BOUND, "message " + id + " " + status, () -> {
            Response response = client.get("/v1/messages/" + id, bearer);
            return response.status() == 200 && response.json().get("status").asString().equals(status)
                    ? Optional.of(response.json()) : Optional.empty();
        });
    }

    @Test
    void aTwoFactorCodeAtNightIsNotHeld() {
        String miami = subscriber("305");
        client.post("/v1/consents/opt-ins", token, """
                {"brandId": "acme-brand", "subscriber": "%s", "campaignId": "acme-otp", "kind": "EXPRESS",
                 "evidence": {"channel": "API", "disclosureShown": "Login codes", "consentGiven": "sign-up"}}""".formatted(miami));
        clock.set(Instant.parse("2026-11-26T07:00:00Z")); // 2:00 in Miami

        Response code = client.sendMessage(token, OTP_NUMBER, miami, "Your code is 246810");

        assertThat(code.status()).isEqualTo(202);
        assertThat(code.json().get("status").asString()).isEqualTo("accepted");
        awaitStatus(code.json().get("id").asString(), "delivered");
    }

    @Test
    void theFourthMarketingMessageIn24HoursToAnOklahomaNumberIsBlocked() {
        String oklahoma = subscriber("405");
        optIn(oklahoma, "acme-promos", "EXPRESS_WRITTEN");

        for (int i = 1; i <= 3; i++) {
            Response sent = client.sendMessage(token, PROMO_NUMBER, oklahoma, "Acme offer " + i + ". Reply STOP to opt out.");
            assertThat(sent.status()).as("message " + i).isEqualTo(202);
        }
        Response fourth = client.sendMessage(token, PROMO_NUMBER, oklahoma, "Acme offer 4. Reply STOP to opt out.");

        assertThat(fourth.status()).isEqualTo(422);
        assertThat(fourth.json().get("rule").asString()).isEqualTo("frequency.state-cap");

        clock.advance(Duration.ofHours(24).plusMinutes(1));
        assertThat(client.sendMessage(token, PROMO_NUMBER, oklahoma, "Acme offer 5. Reply STOP to opt out.").status())
                .isEqualTo(202);
    }

    @Test
    void concurrentMarketingSendsToOneOklahomaNumberStillStopAtThree() throws Exception {
        String oklahoma = subscriber("918");
        optIn(oklahoma, "acme-promos", "EXPRESS_WRITTEN");
        var pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            var results = pool.invokeAll(java.util.stream.IntStream.range(0, 6)
                    .mapToObj(i -> (java.util.concurrent.Callable<Integer>) () -> client.sendMessage(token, PROMO_NUMBER,
                            oklahoma, "Acme flash " + i + ". Reply STOP to opt out.").status())
                    .toList());
            long accepted = 0;
            for (var result : results) {
                if (result.get() == 202) {
                    accepted++;
                }
            }
            assertThat(accepted).isEqualTo(3);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aDryRunAnswersTheDecisionEncodingAndTheCharactersThatForcedUcs2WithoutSending() {
        String subscriber = subscriber("212");
        optIn(subscriber, "acme-promos", "EXPRESS_WRITTEN");
        int before = simulator.received().size();

        Response dryRun = client.post("/v1/messages/dry-run", token, """
                {"from": "%s", "to": "%s", "text": "Acme ✓ sale 😀. Reply STOP to opt out."}""".formatted(PROMO_NUMBER, subscriber));

        assertThat(dryRun.status()).as(dryRun.body()).isEqualTo(200);
        assertThat(dryRun.json().get("decision").asString()).isEqualTo("allowed");
        assertThat(dryRun.json().get("encoding").asString()).isEqualTo("UCS-2");
        assertThat(dryRun.json().get("charactersForcingUcs2").toString()).isEqualTo("[\"✓\",\"😀\"]");
        assertThat(dryRun.json().get("campaignId").asString()).isEqualTo("acme-promos");

        Response blocked = client.post("/v1/messages/dry-run", token, """
                {"from": "%s", "to": "%s", "text": "hi"}""".formatted(PROMO_NUMBER, subscriber("212")));
        assertThat(blocked.json().get("decision").asString()).isEqualTo("blocked");
        assertThat(blocked.json().get("rule").asString()).isEqualTo("consent.missing");
        assertThat(simulator.received()).hasSize(before);
    }
}
