package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.simulator.SmscSimulator;
import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An API client sends a message and follows it to its end, over HTTP, SMPP and PostgreSQL. */
class SendMessageJourneyTest extends GatewayTestBase {

    @Autowired
    io.attest.gateway.infrastructure.support.SimulatorProbe simulator;

    @Autowired
    org.axonframework.config.EventProcessingConfiguration processors;

    @Test
    void aMessageIsReadBackRightAfterItsAcceptanceEvenWhileTheReadModelIsBehind() {
        String token = acmeToken();
        consentToAcmeCodes("+15557654329");
        var readModel = processors.eventProcessor(io.attest.gateway.infrastructure.config.AxonConfiguration
                .READ_MODEL_PROCESSOR).orElseThrow();
        readModel.shutDown();
        String id;
        try {
            Response accepted = client.sendMessage(token, ACME_SENDER, "+15557654329", "Your code is 777111");
            assertThat(accepted.status()).isEqualTo(202);
            id = accepted.json().get("id").asString();

            Response read = client.get("/v1/messages/" + id, token);

            assertThat(read.status()).as(read.body()).isEqualTo(200);
            assertThat(read.json().get("to").asString()).isEqualTo("+15557654329");
            assertThat(read.json().get("timeline").get(0).get("event").asString()).isEqualTo("MessageAccepted");
            assertThat(read.json().get("timeline").get(1).get("event").asString()).isEqualTo("MessageCleared");
            assertThat(client.get("/v1/messages/" + id, client.token("globex-app", "globex-secret", null)).status())
                    .as("another account learns nothing of it").isEqualTo(404);
        } finally {
            readModel.start();
        }
        JsonNode delivered = awaitStatus(token, id, "delivered");
        assertThat(delivered.get("timeline").get(0).get("event").asString()).isEqualTo("MessageAccepted");
    }

    @Test
    void aOneTimePasswordIsAcceptedSubmittedAndDelivered() {
        String token = acmeToken();
        consentToAcmeCodes("+15557654321");

        Response accepted = client.sendMessage(token, ACME_SENDER, "+15557654321", "Your code is 123456");

        assertThat(accepted.status()).isEqualTo(202);
        JsonNode body = accepted.json();
        String id = body.get("id").asString();
        assertThat(body.get("status").asString()).isEqualTo("accepted");
        assertThat(body.get("encoding").asString()).isEqualTo("GSM-7");
        assertThat(body.get("segments").asInt()).isEqualTo(1);
        assertThat(accepted.location()).isEqualTo("/v1/messages/" + id);

        JsonNode delivered = awaitStatus(token, id, "delivered");
        List<String> steps = new ArrayList<>();
        delivered.get("timeline").forEach(step -> steps.add(step.get("status").asString()));
        assertThat(steps).containsExactly("accepted", "accepted", "accepted", "submitted", "delivered");
        assertThat(delivered.get("timeline").get(0).get("event").asString()).isEqualTo("MessageAccepted");
        String carrierId = delivered.get("carrierMessageId").asString();
        assertThat(delivered.get("timeline").get(1).get("event").asString()).isEqualTo("MessageCleared");
        assertThat(delivered.get("timeline").get(2).get("detail").asString()).isEqualTo("submit attempt 1");
        assertThat(delivered.get("timeline").get(3).get("carrierMessageId").asString()).isEqualTo(carrierId);
        assertThat(simulator.received()).anyMatch(r -> r.messageId().equals(carrierId)
                && r.text().equals("Your code is 123456") && r.destination().equals("+15557654321"));
        Instant acceptedAt = Instant.parse(delivered.get("timeline").get(0).get("at").asString());
        Instant deliveredAt = Instant.parse(delivered.get("timeline").get(4).get("at").asString());
        assertThat(deliveredAt).isAfterOrEqualTo(acceptedAt);
    }

    @Test
    void aTextOutsideGsm7IsSentAsUcs2AndCountedSo() {
        String token = acmeToken();
        consentToAcmeCodes("+15557654321");

        Response accepted = client.sendMessage(token, ACME_SENDER, "+15557654321", "Rendez-vous confirmé ✓ 😀");

        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.json().get("encoding").asString()).isEqualTo("UCS-2");
        String id = accepted.json().get("id").asString();
        JsonNode delivered = awaitStatus(token, id, "delivered");
        assertThat(delivered.get("encoding").asString()).isEqualTo("UCS-2");
        assertThat(simulator.received()).anyMatch(r -> r.text().equals("Rendez-vous confirmé ✓ 😀")
                && r.dataCoding() == 0x08);
    }

    @Test
    void anUndeliverableReceiptFailsTheMessageWithTheCarriersWords() {
        String token = acmeToken();
        consentToAcmeCodes("+15550101234");

        String id = client.sendMessage(token, ACME_SENDER, "+15550101234", "to a dead handset").json().get("id").asString();

        JsonNode failed = awaitStatus(token, id, "failed");
        JsonNode last = failed.get("timeline").get(4);
        assertThat(last.get("event").asString()).isEqualTo("MessageDeliveryFailed");
        assertThat(last.get("detail").asString()).contains("stat:UNDELIV").contains("err:001");
    }

    @Test
    void aMessageTheCarrierRefusesFailsWithTheSmppErrorCode() {
        String token = acmeToken();
        consentToAcmeCodes("+15550301234");

        String id = client.sendMessage(token, ACME_SENDER, "+15550301234", "refused").json().get("id").asString();

        JsonNode failed = awaitStatus(token, id, "failed");
        assertThat(failed.get("timeline")).hasSize(4);
        assertThat(failed.get("timeline").get(3).get("detail").asString()).startsWith("smpp-0x0000000b");
    }

    @Test
    void anExpiredReceiptExpiresTheMessage() {
        String token = acmeToken();
        consentToAcmeCodes("+15550401234");

        String id = client.sendMessage(token, ACME_SENDER, "+15550401234", "too late").json().get("id").asString();

        assertThat(awaitStatus(token, id, "expired").get("timeline").get(4).get("detail").asString())
                .contains("stat:EXPIRED");
    }

    @Test
    void aMessageWithoutReceiptStaysSubmitted() {
        String token = acmeToken();
        consentToAcmeCodes("+15550201234");
        consentToAcmeCodes("+15557654321");

        String silent = client.sendMessage(token, ACME_SENDER, "+15550201234", "no receipt").json().get("id").asString();
        awaitStatus(token, silent, "submitted");
        String later = client.sendMessage(token, ACME_SENDER, "+15557654321", "later").json().get("id").asString();
        awaitStatus(token, later, "delivered");

        JsonNode stillSubmitted = client.get("/v1/messages/" + silent, token).json();
        assertThat(stillSubmitted.get("status").asString()).isEqualTo("submitted");
        assertThat(stillSubmitted.get("timeline")).hasSize(4);
    }

    @Test
    void aLongMessageIsAcceptedWithItsSegmentCountAndDelivered() {
        String token = acmeToken();
        consentToAcmeCodes("+15557654321");
        String text = "Your appointment is confirmed for Monday at 10am. Reply STOP to opt out. ".repeat(4);

        Response accepted = client.sendMessage(token, ACME_SENDER, "+15557654321", text);

        assertThat(accepted.json().get("segments").asInt()).isEqualTo(2);
        JsonNode delivered = awaitStatus(token, accepted.json().get("id").asString(), "delivered");
        assertThat(simulator.reassembled()).containsValue(text); // two submit_sm with a user data header
        List<String> events = new ArrayList<>();
        delivered.get("timeline").forEach(step -> events.add(step.get("event").asString()));
        assertThat(events).containsSubsequence("MessageSubmitted", "SegmentReceiptRecorded", "MessageDelivered");
    }

    @Test
    void aReceiptThatArrivesBeforeItsSubmitResponseStillDeliversTheMessage() {
        String token = acmeToken();
        consentToAcmeCodes("+15557654321");
        simulator.receiptsBeforeResponses(true);
        try {
            String id = client.sendMessage(token, ACME_SENDER, "+15557654321", "receipt first").json().get("id").asString();

            JsonNode delivered = awaitStatus(token, id, "delivered");

            assertThat(delivered.get("carrierMessageId").asString()).isNotBlank();
        } finally {
            simulator.receiptsBeforeResponses(false);
        }
    }

    @Test
    void aLongMessagesSegmentReceiptsInReverseOrderStillDeliverItOnlyOnceAllAreIn() {
        String token = acmeToken();
        consentToAcmeCodes("+15557654321");
        String text = "Segment receipts can come in any order; the message waits for all of them. ".repeat(6);
        simulator.reverseSegmentReceipts(true);
        try {
            Response accepted = client.sendMessage(token, ACME_SENDER, "+15557654321", text);
            assertThat(accepted.json().get("segments").asInt()).isEqualTo(3);

            JsonNode delivered = awaitStatus(token, accepted.json().get("id").asString(), "delivered");

            List<JsonNode> steps = new ArrayList<>();
            delivered.get("timeline").forEach(steps::add);
            JsonNode submitted = steps.stream().filter(s -> s.get("event").asString().equals("MessageSubmitted"))
                    .findFirst().orElseThrow();
            assertThat(submitted.get("detail").asString()).startsWith("as 3 segments");
            List<String> segmentDetails = steps.stream()
                    .filter(s -> s.get("event").asString().equals("SegmentReceiptRecorded"))
                    .map(s -> s.get("detail").asString()).toList();
            assertThat(segmentDetails).hasSize(2);
            assertThat(segmentDetails.get(0)).startsWith("segment 3 of 3"); // the last segment's receipt came first
            assertThat(segmentDetails.get(1)).startsWith("segment 2 of 3");
            assertThat(steps.getLast().get("event").asString()).isEqualTo("MessageDelivered");
            assertThat(steps.getLast().get("carrierMessageId").asString())
                    .isEqualTo(submitted.get("carrierMessageId").asString()); // segment 1 decided it, last
        } finally {
            simulator.reverseSegmentReceipts(false);
        }
    }

    @Test
    void messagesInFlightWhenTheCarrierConnectionDropsAreEachDeliveredOnce_noneLostNoneDoubled() {
        String token = acmeToken();
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            recipients.add("+1555700" + String.format("%04d", i));
            consentToAcmeCodes(recipients.getLast());
        }
        int discardedBefore = simulator.discardedCount();
        simulator.responseDelay(java.time.Duration.ofMillis(300));
        simulator.dropConnectionsWhenOutstanding(2);
        List<String> ids = new ArrayList<>();
        try {
            for (String recipient : recipients) {
                ids.add(client.sendMessage(token, ACME_SENDER, recipient, "in flight to " + recipient).json().get("id").asString());
            }
            io.attest.gateway.infrastructure.support.Eventually.awaitTrue(BOUND, "a drop with submits in flight",
                    () -> simulator.discardedCount() >= discardedBefore + 2);
        } finally {
            simulator.dropConnectionsWhenOutstanding(0);
            simulator.responseDelay(java.time.Duration.ZERO);
        }

        java.time.Duration generous = java.time.Duration.ofSeconds(90); // the processor backs off between retries
        boolean someWereSentAgain = false;
        for (String id : ids) {
            JsonNode delivered = io.attest.gateway.infrastructure.support.Eventually.await(generous, "message " + id, () -> {
                Response response = client.get("/v1/messages/" + id, token);
                return response.json().get("status").asString().equals("delivered")
                        ? java.util.Optional.of(response.json()) : java.util.Optional.empty();
            });
            for (JsonNode step : delivered.get("timeline")) {
                someWereSentAgain |= step.get("detail") != null && step.get("detail").asString().startsWith("submit attempt 2");
            }
        }
        for (String recipient : recipients) {
            assertThat(simulator.received().stream().filter(r -> r.destination().equals(recipient)).count())
                    .as("submits taken for " + recipient).isEqualTo(1);
        }
        assertThat(someWereSentAgain).isTrue(); // the ones lost in the drop went again, once
    }
}
