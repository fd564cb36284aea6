package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.adapter.in.smpp.SmppClientServer;
import io.attest.gateway.infrastructure.simulator.SmscSimulator;
import io.attest.gateway.infrastructure.support.Eventually;
import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import io.attest.gateway.infrastructure.support.SmppTestClient;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.InterfaceVersion;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.util.DeliveryReceiptState;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An SMPP client application sends through the gateway's SMPP server: real TCP, a jsmpp client, the whole gateway on
 * its embedded defaults behind it, the simulator as the carrier.
 */
class SmppClientServerTest extends GatewayTestBase {

    private static final GeneralDataCoding GSM7 = new GeneralDataCoding(Alphabet.ALPHA_DEFAULT);
    private static final byte RECEIPTS = 1;

    @Autowired
    SmppClientServer server;

    @Autowired
    io.attest.gateway.infrastructure.support.SimulatorProbe simulator;

    record Issued(String systemId, String password) {
    }

    private Issued credential(String token, String body) {
        Response created = client.post("/v1/smpp-credentials", token, body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return new Issued(created.json().get("systemId").asString(), created.json().get("password").asString());
    }

    private Issued acmeCredential() {
        return credential(acmeToken(), "{}");
    }

    private String globexToken() {
        return client.token("globex-app", "globex-secret", null);
    }

    private static byte[] gsm(String text) {
        return io.attest.gateway.domain.message.Gsm7Alphabet.encodeUnpacked(text);
    }

    @Test
    void aSubmitGoesTheRestPathAndItsReceiptComesBackOnTheClientsBind() throws Exception {
        consentToAcmeCodes("+15557770001");
        Issued credential = acmeCredential();
        try (SmppTestClient smpp = SmppTestClient.bind(server.port(), BindType.BIND_TRX, credential.systemId(),
                credential.password())) {

            String id = smpp.submit(ACME_SENDER, "+15557770001", RECEIPTS, GSM7, gsm("Your code is 404040"));

            JsonNode delivered = awaitStatus(acmeToken(), id, "delivered");
            assertThat(delivered.get("to").asString()).isEqualTo("+15557770001");
            DeliverSm receipt = smpp.awaitReceipt(id, BOUND);
            assertThat(receipt.getShortMessageAsDeliveryReceipt().getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
            assertThat(receipt.getShortMessageAsDeliveryReceipt().getId()).isEqualTo(id);
            assertThat(receipt.getSourceAddr()).as("the receipt comes from the recipient").isEqualTo("15557770001");
            assertThat(receipt.getDestAddress()).isEqualTo(ACME_SENDER.substring(1));
            OptionalParameter state = receipt.getOptionalParameter(OptionalParameter.Tag.MESSAGE_STATE);
            assertThat(((OptionalParameter.Byte) state).getValue()).isEqualTo((byte) 2); // DELIVERED
            assertThat(simulator.received()).anyMatch(r -> r.text().equals("Your code is 404040")
                    && r.destination().equals("+15557770001"));
            assertThat(feedTypesOf(acmeToken(), id)).as("the feed tells of it as of any message")
                    .contains("message.accepted", "message.delivered");
        }
    }

    @Test
    void everyBindTypeBindsAndWrongCredentialsAreRefusedAlike() throws Exception {
        Issued credential = credential(acmeToken(), "{\"maxBinds\": 3}");
        for (BindType type : List.of(BindType.BIND_TX, BindType.BIND_RX, BindType.BIND_TRX)) {
            try (SmppTestClient smpp = SmppTestClient.bind(server.port(), type, credential.systemId(),
                    credential.password())) {
                assertThat(smpp.session().getSessionState().isBound()).as(type.name()).isTrue();
            }
        }
        try (SmppTestClient smpp = SmppTestClient.bind(server.port(), BindType.BIND_TRX, credential.systemId(),
                credential.password(), InterfaceVersion.IF_50)) {
            assertThat(smpp.session().getSessionState().isBound()).as("an SMPP 5.0 bind").isTrue();
        }
        assertThat(bindStatus(credential.systemId(), "wrong")).isEqualTo(SMPPConstant.STAT_ESME_RINVPASWD);
        assertThat(bindStatus("nosuchsystem", credential.password())).as("an unknown system_id tells nothing more")
                .isEqualTo(SMPPConstant.STAT_ESME_RINVPASWD);
    }

    @Test
    void aCredentialOpensAtMostItsMaximumOfBindsAndOnlyFromItsAddresses() throws Exception {
        Issued one = credential(acmeToken(), "{\"maxBinds\": 1}");
        try (SmppTestClient first = SmppTestClient.bind(server.port(), BindType.BIND_TRX, one.systemId(), one.password())) {
            assertThat(first.session().getSessionState().isBound()).isTrue();
            assertThat(bindStatus(one.systemId(), one.password())).isEqualTo(SMPPConstant.STAT_ESME_RBINDFAIL);
        }
        Issued elsewhere = credential(acmeToken(), "{\"allowedAddresses\": [\"::1/128\"]}");
        assertThat(bindStatus(elsewhere.systemId(), elsewhere.password())).as("127.0.0.1 is not ::1")
                .isEqualTo(SMPPConstant.STAT_ESME_RBINDFAIL);
        Issued here = credential(acmeToken(), "{\"allowedAddresses\": [\"127.0.0.0/8\", \"::1\"]}");
        try (SmppTestClient bound = SmppTestClient.bind(server.port(), BindType.BIND_TX, here.systemId(), here.password())) {
            assertThat(bound.session().getSessionState().isBound()).isTrue();
        }
    }

    @Test
    void aComplianceRefusalAnswersItsRuleFamilyAndIsRecordedAsBlocked() throws Exception {
        Issued credential = acmeCredential();
        try (SmppTestClient smpp = SmppTestClient.bind(server.port(), BindType.BIND_TRX, credential.systemId(),
                credential.password())) {
            int status = smpp.statusOf(() -> smpp.submit(ACME_SENDER, "+15557770002", RECEIPTS, GSM7, gsm("Your code is 1")));

            assertThat(status).as("consent.missing: the consent family").isEqualTo(0x402);
            String messageId = null;
            long after = 0;
            for (JsonNode page = client.get("/v1/events?limit=500", acmeToken()).json(); !page.get("events").isEmpty();
                 page = client.get("/v1/events?limit=500&after=" + after, acmeToken()).json()) {
                for (JsonNode event : page.get("events")) {
                    if (event.get("type").asString().equals("message.accepted")
                            && event.get("data").get("to").asString().equals("+15557770002")) {
                        messageId = event.get("messageId").asString();
                    }
                }
                after = page.get("next").asLong();
            }
            assertThat(messageId).as("the refused message is recorded").isNotNull();
            assertThat(client.get("/v1/messages/" + messageId, acmeToken()).json().get("status").asString())
                    .isEqualTo("blocked");
        }
    }

    @Test
    void malformedAndForeignAddressesAreRefusedWithTheirStatus() throws Exception {
        consentToAcmeCodes("+15557770003");
        Issued credential = acmeCredential();
        try (SmppTestClient smpp = SmppTestClient.bind(server.port(), BindType.BIND_TX, credential.systemId(),
                credential.password())) {
            assertThat(smpp.statusOf(() -> smpp.submit(ACME_SENDER, "12ab", RECEIPTS, GSM7, gsm("hi"))))
                    .isEqualTo(SMPPConstant.STAT_ESME_RINVDSTADR);
            assertThat(smpp.statusOf(() -> smpp.submit("+0", "+15557770003", RECEIPTS, GSM7, gsm("hi"))))
                    .isEqualTo(SMPPConstant.STAT_ESME_RINVSRCADR);
            assertThat(smpp.statusOf(() -> smpp.submit(GLOBEX_SENDER, "+15557770003", RECEIPTS, GSM7, gsm("hi"))))
                    .as("another account's number").isEqualTo(SMPPConstant.STAT_ESME_RINVSRCADR);
            assertThat(smpp.statusOf(() -> smpp.submit(ACME_SENDER, "+15557770003", RECEIPTS, GSM7, new byte[0])))
                    .isEqualTo(SMPPConstant.STAT_ESME_RINVMSGLEN);
        }
    }

    @Test
    void submitsOverTheCredentialsRateAreThrottledAndOverItsWindowQueueFull() throws Exception {
        consentToAcmeCodes("+15557770004");
        Issued slow = credential(acmeToken(), "{\"submitsPerSecond\": 1}");
        try (SmppTestClient smpp = SmppTestClient.bind(server.port(), BindType.BIND_TX, slow.systemId(), slow.password())) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 5; i++) { // five submits span at most four seconds: two share one
                statuses.add(smpp.statusOf(() -> smpp.submit(ACME_SENDER, "+15557770004", (byte) 0, GSM7, gsm("Your code is 5"))));
            }
            assertThat(statuses).contains(0, SMPPConstant.STAT_ESME_RTHROTTLED).containsOnly(0, SMPPConstant.STAT_ESME_RTHROTTLED);
        }
        Issued narrow = credential(acmeToken(), "{\"window\": 1}");
        try (SmppTestClient smpp = SmppTestClient.bind(server.port(), BindType.BIND_TX, narrow.systemId(), narrow.password())) {
            ExecutorService senders = Executors.newFixedThreadPool(10);
            ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                done.add(senders.submit(() -> {
                    statuses.add(smpp.statusOf(() -> smpp.submit(ACME_SENDER, "+15557770004", (byte) 0, GSM7, gsm("Your code is 6"))));
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
            senders.shutdown();
            assertThat(statuses).as("ten at once against a window of one").contains(0, SMPPConstant.STAT_ESME_RMSGQFUL)
                    .containsOnly(0, SMPPConstant.STAT_ESME_RMSGQFUL);
        }
    }

    @Test
    void everyTextCodingIsTakenAndBinaryIsRefused() throws Exception {
        consentToAcmeCodes("+15557770005");
        Issued credential = acmeCredential();
        try (SmppTestClient smpp = SmppTestClient.bind(server.port(), BindType.BIND_TX, credential.systemId(),
                credential.password())) {
            String gsmId = smpp.submit(ACME_SENDER, "+15557770005", (byte) 0, GSM7, gsm("Code @ 1 £"));
            String ia5Id = smpp.submit(ACME_SENDER, "+15557770005", (byte) 0, new GeneralDataCoding(Alphabet.ALPHA_IA5),
                    "Code 2".getBytes(StandardCharsets.US_ASCII));
            String latinId = smpp.submit(ACME_SENDER, "+15557770005", (byte) 0, new GeneralDataCoding(Alphabet.ALPHA_LATIN1),
                    "Código 3".getBytes(StandardCharsets.ISO_8859_1));
            String ucsId = smpp.submit(ACME_SENDER, "+15557770005", (byte) 0, new GeneralDataCoding(Alphabet.ALPHA_UCS2),
                    "Код 4 ✓".getBytes(StandardCharsets.UTF_16BE));
            String longText = "Your code is 777. ".repeat(12); // 216 characters: two segments
            String longId = smpp.submit(ACME_SENDER, "+15557770005", (byte) 0, GSM7, new ESMClass(), null, new byte[0],
                    new OptionalParameter.OctetString(OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), gsm(longText)));

            assertThat(awaitStatus(acmeToken(), ucsId, "delivered").get("encoding").asString()).isEqualTo("UCS-2");
            awaitStatus(acmeToken(), gsmId, "delivered");
            awaitStatus(acmeToken(), ia5Id, "delivered");
            awaitStatus(acmeToken(), latinId, "delivered");
            assertThat(awaitStatus(acmeToken(), longId, "delivered").get("segments").asInt()).isEqualTo(2);
            assertThat(simulator.received()).extracting(SmscSimulator.ReceivedSubmit::text)
                    .contains("Code @ 1 £", "Code 2", "Código 3", "Код 4 ✓");
            assertThat(simulator.reassembled().values()).contains(longText);
            assertThat(smpp.statusOf(() -> smpp.submit(ACME_SENDER, "+15557770005", (byte) 0,
                    new GeneralDataCoding(Alphabet.ALPHA_8_BIT), new byte[] {1, 2, 3})))
                    .isEqualTo(SMPPConstant.STAT_ESME_RINVDCS);
        }
    }

    @Test
    void aCredentialThatPacksGsm7IsReadPackedWholeAndInParts() throws Exception {
        consentToAcmeCodes("+15557770012");
        Issued credential = credential(acmeToken(), "{\"gsm7Packed\": true}");
        ESMClass udhi = new ESMClass(org.jsmpp.bean.MessageMode.DEFAULT, org.jsmpp.bean.MessageType.DEFAULT,
                org.jsmpp.bean.GSMSpecificFeature.UDHI);
        try (SmppTestClient smpp = SmppTestClient.bind(server.port(), BindType.BIND_TRX, credential.systemId(),
                credential.password())) {
            String whole = smpp.submit(ACME_SENDER, "+15557770012", (byte) 0, GSM7,
                    io.attest.gateway.infrastructure.smpp.Gsm7Packing.pack(gsm("Packed code 1212"), 0));
            awaitStatus(acmeToken(), whole, "delivered");
            byte[] header1 = {0x05, 0x00, 0x03, 0x33, 0x02, 0x01};
            byte[] header2 = {0x05, 0x00, 0x03, 0x33, 0x02, 0x02};
            int fill = io.attest.gateway.infrastructure.smpp.Gsm7Packing.fillBits(6);
            String first = smpp.submit(ACME_SENDER, "+15557770012", (byte) 0, GSM7, udhi, null,
                    concat(header1, io.attest.gateway.infrastructure.smpp.Gsm7Packing.pack(gsm("Packed in "), fill)));
            smpp.submit(ACME_SENDER, "+15557770012", (byte) 0, GSM7, udhi, null,
                    concat(header2, io.attest.gateway.infrastructure.smpp.Gsm7Packing.pack(gsm("two parts"), fill)));
            awaitStatus(acmeToken(), first.substring(0, first.lastIndexOf('.')), "delivered");
            assertThat(simulator.received()).extracting(SmscSimulator.ReceivedSubmit::text)
                    .contains("Packed code 1212", "Packed in two parts");
        }
    }

    @Test
    void aReceiptWaitsForTheClientToBindAndComesOnceInOrder() throws Exception {
        consentToAcmeCodes("+15557770006");
        Issued credential = credential(acmeToken(), "{\"maxBinds\": 3}");
        String first;
        try (SmppTestClient sender = SmppTestClient.bind(server.port(), BindType.BIND_TX, credential.systemId(),
                credential.password())) {
            first = sender.submit(ACME_SENDER, "+15557770006", RECEIPTS, GSM7, gsm("Your code is 61"));
            awaitStatus(acmeToken(), first, "delivered"); // delivered while no bind of the account can receive
        }
        try (SmppTestClient receiver = SmppTestClient.bind(server.port(), BindType.BIND_RX, credential.systemId(),
                credential.password())) {
            receiver.awaitReceipt(first, BOUND);
        }
        try (SmppTestClient again = SmppTestClient.bind(server.port(), BindType.BIND_TRX, credential.systemId(),
                credential.password())) {
            String second = again.submit(ACME_SENDER, "+15557770006", RECEIPTS, GSM7, gsm("Your code is 62"));
            again.awaitReceipt(second, BOUND);
            assertThat(again.received()).as("the first receipt was acknowledged once: it does not come again")
                    .filteredOn(DeliverSm::isSmscDeliveryReceipt).extracting(SmppTestClient::receiptedId)
                    .containsExactly(second);
        }
    }

    @Test
    void aReceiptTheClientRefusesIsSentAgainUntilItIsTaken() throws Exception {
        consentToAcmeCodes("+15557770013");
        Issued credential = acmeCredential();
        try (SmppTestClient smpp = SmppTestClient.bind(server.port(), BindType.BIND_TRX, credential.systemId(),
                credential.password())) {
            smpp.refuseNext(2);
            String id = smpp.submit(ACME_SENDER, "+15557770013", RECEIPTS, GSM7, gsm("Your code is 1313"));
            DeliverSm receipt = smpp.awaitReceipt(id, BOUND);
            assertThat(receipt.getShortMessageAsDeliveryReceipt().getFinalStatus()).isEqualTo(DeliveryReceiptState.DELIVRD);
            assertThat(smpp.received()).filteredOn(DeliverSm::isSmscDeliveryReceipt)
                    .extracting(SmppTestClient::receiptedId).as("taken once, after two refusals").containsOnlyOnce(id);
        }
    }

    @Test
    void oneAccountsBindNeverReceivesAnothersReceiptsOrInboundMessages() throws Exception {
        consentToAcmeCodes("+15557770007");
        Issued acme = acmeCredential();
        Issued globex = credential(globexToken(), "{}");
        try (SmppTestClient acmeBind = SmppTestClient.bind(server.port(), BindType.BIND_TRX, acme.systemId(), acme.password());
             SmppTestClient globexBind = SmppTestClient.bind(server.port(), BindType.BIND_RX, globex.systemId(),
                     globex.password())) {
            String id = acmeBind.submit(ACME_SENDER, "+15557770007", RECEIPTS, GSM7, gsm("Your code is 71"));
            acmeBind.awaitReceipt(id, BOUND);
            assertThat(simulator.sendInbound("+15557770007", ACME_SENDER, "Thanks, got it")).isTrue();
            DeliverSm inbound = Eventually.await(BOUND, "the inbound message on acme's bind", () -> acmeBind.find(
                    d -> !d.isSmscDeliveryReceipt() && new String(d.getShortMessage(), StandardCharsets.ISO_8859_1)
                            .contains("Thanks")));
            assertThat(inbound.getSourceAddr()).isEqualTo("15557770007");
            assertThat(inbound.getDestAddress()).isEqualTo(ACME_SENDER.substring(1));
            assertThat(simulator.sendInbound("+15557770008", GLOBEX_SENDER, "Hello globex")).isTrue();
            Eventually.await(BOUND, "globex's own inbound message", () -> globexBind.find(d -> !d.isSmscDeliveryReceipt()));

            assertThat(globexBind.received()).as("globex got its own message and nothing of acme's").hasSize(1);
            assertThat(new String(globexBind.received().getFirst().getShortMessage(), StandardCharsets.ISO_8859_1))
                    .isEqualTo("Hello globex");
        }
    }

    @Test
    @Tag("security")
    void credentialsAreShownOnceManagedByTheirAccountAndRevokedWithTheirBinds() throws Exception {
        Issued credential = credential(acmeToken(), "{\"description\": \"billing system\", \"window\": 5}");
        Response read = client.get("/v1/smpp-credentials/" + credential.systemId(), acmeToken());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().has("password")).as("the password is shown once").isFalse();
        assertThat(read.json().get("window").asInt()).isEqualTo(5);
        assertThat(client.get("/v1/smpp-credentials", acmeToken()).body()).contains(credential.systemId());
        assertThat(client.get("/v1/smpp-credentials/" + credential.systemId(), globexToken()).status()).isEqualTo(404);
        assertThat(client.delete("/v1/smpp-credentials/" + credential.systemId(), globexToken()).status()).isEqualTo(404);
        assertThat(client.post("/v1/smpp-credentials", client.token("acme-reader", "acme-reader-secret", null), "{}")
                .status()).isEqualTo(403);
        assertThat(client.post("/v1/smpp-credentials", acmeToken(), "{\"window\": 0}").status()).isEqualTo(400);
        assertThat(client.post("/v1/smpp-credentials", acmeToken(), "{\"allowedAddresses\": [\"example.com\"]}")
                .status()).as("a host name is never looked up").isEqualTo(400);

        try (SmppTestClient smpp = SmppTestClient.bind(server.port(), BindType.BIND_TRX, credential.systemId(),
                credential.password())) {
            assertThat(client.delete("/v1/smpp-credentials/" + credential.systemId(), acmeToken()).status()).isEqualTo(204);
            Eventually.awaitTrue(BOUND, "the revoked credential's bind closed",
                    () -> !smpp.session().getSessionState().isBound());
        }
        assertThat(bindStatus(credential.systemId(), credential.password())).isEqualTo(SMPPConstant.STAT_ESME_RINVPASWD);
    }

    @Test
    @Tag("security")
    void theOperatorManagesAnyAccountsCredentialsAndAClientCannot() throws Exception {
        String operator = client.token("registry-operator", "operator-secret", null);
        Response issued = client.post("/v1/operations/accounts/acme/smpp-credentials", operator, "{\"description\": \"onboarding\"}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        String systemId = issued.json().get("systemId").asString();
        try (SmppTestClient smpp = SmppTestClient.bind(server.port(), BindType.BIND_TX, systemId,
                issued.json().get("password").asString())) {
            assertThat(smpp.session().getSessionState().isBound()).isTrue();
        }
        assertThat(client.get("/v1/smpp-credentials/" + systemId, acmeToken()).status()).as("acme's own").isEqualTo(200);
        assertThat(client.get("/v1/operations/accounts/acme/smpp-credentials", operator).body()).contains(systemId);
        assertThat(client.get("/v1/operations/accounts/acme/smpp-credentials", acmeToken()).status()).isEqualTo(403);
        assertThat(client.post("/v1/operations/accounts/globex/smpp-credentials", acmeToken(), "{}").status()).isEqualTo(403);
        assertThat(client.delete("/v1/operations/accounts/globex/smpp-credentials/" + systemId, operator).status())
                .as("not globex's").isEqualTo(404);
        assertThat(client.delete("/v1/operations/accounts/acme/smpp-credentials/" + systemId, operator).status())
                .isEqualTo(204);
        Response health = client.get("/actuator/health/smppServer", null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asString()).isEqualTo("UP");
        Issued gauged = acmeCredential();
        try (SmppTestClient bound = SmppTestClient.bind(server.port(), BindType.BIND_TX, gauged.systemId(), gauged.password())) {
            String metrics = client.get("/actuator/prometheus", operator).body();
            assertThat(metrics).as("binds per account").containsPattern("gateway_smpp_client_binds\\{account=\"acme\"[^}]*\\} [1-9]");
        }
    }

    @Test
    void garbageGetsAGenericNackAndTheSessionLivesOn() throws Exception {
        Issued credential = acmeCredential();
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            ByteBuffer bind = ByteBuffer.allocate(200);
            bind.put(cString(credential.systemId())).put(cString(credential.password())).put(cString(""))
                    .put((byte) 0x34).put((byte) 0).put((byte) 0).put(cString(""));
            out.write(pdu(0x00000009, 1, bind));
            assertThat(readPdu(in)).containsExactly(0x80000009, 0, 1);

            out.write(pdu(0x00000777, 2, ByteBuffer.allocate(0))); // no such command
            assertThat(readPdu(in)).containsExactly(0x80000000, SMPPConstant.STAT_ESME_RINVCMDID, 2);

            out.write(pdu(0x00000015, 3, ByteBuffer.allocate(0))); // enquire_link
            assertThat(readPdu(in)).containsExactly(0x80000015, 0, 3);
        }
    }

    @Test
    void concatenatedPartsBecomeOneMessageWithAnIdAndAReceiptPerPart() throws Exception {
        consentToAcmeCodes("+15557770009");
        Issued credential = acmeCredential();
        ESMClass udhi = new ESMClass(org.jsmpp.bean.MessageMode.DEFAULT, org.jsmpp.bean.MessageType.DEFAULT,
                org.jsmpp.bean.GSMSpecificFeature.UDHI);
        try (SmppTestClient smpp = SmppTestClient.bind(server.port(), BindType.BIND_TRX, credential.systemId(),
                credential.password())) {
            // GSM-7 in three parts with an 8-bit reference, the last part first
            String[] gsmParts = {"Your code is 8", "8. It expires in ", "ten minutes."};
            List<String> ids = new ArrayList<>(List.of("", "", ""));
            for (int part : new int[] {3, 1, 2}) {
                byte[] header = {0x05, 0x00, 0x03, 0x2A, 0x03, (byte) part};
                ids.set(part - 1, smpp.submit(ACME_SENDER, "+15557770009", RECEIPTS, GSM7, udhi, null,
                        concat(header, gsm(gsmParts[part - 1]))));
            }
            String messageId = ids.getFirst().substring(0, ids.getFirst().lastIndexOf('.'));
            assertThat(ids).as("one id per part, the message's id with the part's number")
                    .containsExactly(messageId + ".1", messageId + ".2", messageId + ".3");
            awaitStatus(acmeToken(), messageId, "delivered");
            assertThat(simulator.received()).extracting(SmscSimulator.ReceivedSubmit::text)
                    .contains("Your code is 88. It expires in ten minutes.");
            for (String id : ids) {
                assertThat(smpp.awaitReceipt(id, BOUND).getShortMessageAsDeliveryReceipt().getFinalStatus())
                        .isEqualTo(DeliveryReceiptState.DELIVRD);
            }

            // UCS-2 in two parts with a 16-bit reference, a surrogate pair split between them
            byte[] ucs = "Код 9 😀 ok".getBytes(StandardCharsets.UTF_16BE);
            int cut = "Код 9 ".length() * 2 + 2; // inside the emoji's surrogate pair
            byte[] first = concat(new byte[] {0x06, 0x08, 0x04, 0x01, 0x02, 0x02, 0x01}, java.util.Arrays.copyOfRange(ucs, 0, cut));
            byte[] second = concat(new byte[] {0x06, 0x08, 0x04, 0x01, 0x02, 0x02, 0x02}, java.util.Arrays.copyOfRange(ucs, cut, ucs.length));
            GeneralDataCoding ucs2 = new GeneralDataCoding(Alphabet.ALPHA_UCS2);
            String ucsFirst = smpp.submit(ACME_SENDER, "+15557770009", (byte) 0, ucs2, udhi, null, first);
            smpp.submit(ACME_SENDER, "+15557770009", (byte) 0, ucs2, udhi, null, second);
            awaitStatus(acmeToken(), ucsFirst.substring(0, ucsFirst.lastIndexOf('.')), "delivered");
            assertThat(simulator.received()).extracting(SmscSimulator.ReceivedSubmit::text).contains("Код 9 😀 ok");

            // SAR TLVs instead of a header
            String sarFirst = null;
            for (int part = 1; part <= 2; part++) {
                String id = smpp.submit(ACME_SENDER, "+15557770009", (byte) 0, GSM7, new ESMClass(), null,
                        gsm(part == 1 ? "Your code is " : "99"), new OptionalParameter.Sar_msg_ref_num((short) 777),
                        new OptionalParameter.Sar_total_segments((byte) 2),
                        new OptionalParameter.Sar_segment_seqnum((byte) part));
                sarFirst = sarFirst == null ? id : sarFirst;
            }
            awaitStatus(acmeToken(), sarFirst.substring(0, sarFirst.lastIndexOf('.')), "delivered");
            assertThat(simulator.received()).extracting(SmscSimulator.ReceivedSubmit::text).contains("Your code is 99");
        }
    }

    @Test
    void aDataSmTakesTheSubmitPath() throws Exception {
        consentToAcmeCodes("+15557770010");
        Issued credential = acmeCredential();
        try (SmppTestClient smpp = SmppTestClient.bind(server.port(), BindType.BIND_TRX, credential.systemId(),
                credential.password())) {
            String id = smpp.session().dataShortMessage("", org.jsmpp.bean.TypeOfNumber.INTERNATIONAL,
                    org.jsmpp.bean.NumberingPlanIndicator.ISDN, ACME_SENDER.substring(1),
                    org.jsmpp.bean.TypeOfNumber.INTERNATIONAL, org.jsmpp.bean.NumberingPlanIndicator.ISDN, "15557770010",
                    new ESMClass(), new org.jsmpp.bean.RegisteredDelivery(RECEIPTS), GSM7,
                    new OptionalParameter.OctetString(OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), gsm("Your code is 1010")))
                    .getMessageId();
            awaitStatus(acmeToken(), id, "delivered");
            smpp.awaitReceipt(id, BOUND);
        }
    }

    private static org.jsmpp.bean.MessageState query(SmppTestClient smpp, String id) throws Exception {
        return smpp.session().queryShortMessage(id, org.jsmpp.bean.TypeOfNumber.INTERNATIONAL,
                org.jsmpp.bean.NumberingPlanIndicator.ISDN, ACME_SENDER.substring(1)).getMessageState();
    }

    private static void cancel(SmppTestClient smpp, String id) throws Exception {
        smpp.session().cancelShortMessage("", id, org.jsmpp.bean.TypeOfNumber.INTERNATIONAL,
                org.jsmpp.bean.NumberingPlanIndicator.ISDN, ACME_SENDER.substring(1), org.jsmpp.bean.TypeOfNumber.INTERNATIONAL,
                org.jsmpp.bean.NumberingPlanIndicator.ISDN, "15557770011");
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] both = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, both, a.length, b.length);
        return both;
    }

    @Test
    void aScheduleDeliveryTimeSchedulesTheMessageAndAMalformedOneIsRefused() throws Exception {
        consentToAcmeCodes("+15557770011");
        Issued credential = acmeCredential();
        try (SmppTestClient smpp = SmppTestClient.bind(server.port(), BindType.BIND_TRX, credential.systemId(),
                credential.password())) {
            String id = smpp.session().submitShortMessage("", org.jsmpp.bean.TypeOfNumber.INTERNATIONAL,
                    org.jsmpp.bean.NumberingPlanIndicator.ISDN, ACME_SENDER.substring(1),
                    org.jsmpp.bean.TypeOfNumber.INTERNATIONAL, org.jsmpp.bean.NumberingPlanIndicator.ISDN, "15557770011",
                    new ESMClass(), (byte) 0, (byte) 1, "000000000003000R", null,
                    new org.jsmpp.bean.RegisteredDelivery(RECEIPTS), (byte) 0, GSM7, (byte) 0, gsm("Your code is 1111"))
                    .getMessageId();
            assertThat(client.get("/v1/messages/" + id, acmeToken()).json().get("status").asString())
                    .isEqualTo("scheduled");
            assertThat(query(smpp, id)).isEqualTo(org.jsmpp.bean.MessageState.SCHEDULED);
            awaitStatus(acmeToken(), id, "delivered");
            smpp.awaitReceipt(id, BOUND);
            assertThat(query(smpp, id)).isEqualTo(org.jsmpp.bean.MessageState.DELIVERED);
            assertThat(smpp.statusOf(() -> cancel(smpp, id))).as("delivered already")
                    .isEqualTo(SMPPConstant.STAT_ESME_RCANCELFAIL);

            String later = smpp.session().submitShortMessage("", org.jsmpp.bean.TypeOfNumber.INTERNATIONAL,
                    org.jsmpp.bean.NumberingPlanIndicator.ISDN, ACME_SENDER.substring(1),
                    org.jsmpp.bean.TypeOfNumber.INTERNATIONAL, org.jsmpp.bean.NumberingPlanIndicator.ISDN, "15557770011",
                    new ESMClass(), (byte) 0, (byte) 1, "000001000000000R", null,
                    new org.jsmpp.bean.RegisteredDelivery(0), (byte) 0, GSM7, (byte) 0, gsm("Your code is 1112"))
                    .getMessageId();
            cancel(smpp, later);
            awaitStatus(acmeToken(), later, "cancelled"); // cancel_sm cancels a scheduled message
            Issued globex = credential(globexToken(), "{}");
            try (SmppTestClient other = SmppTestClient.bind(server.port(), BindType.BIND_TRX, globex.systemId(),
                    globex.password())) {
                assertThat(other.statusOf(() -> query(other, id))).as("another account's message is unknown to it")
                        .isEqualTo(SMPPConstant.STAT_ESME_RQUERYFAIL);
            }

            int status = smpp.statusOf(() -> smpp.session().submitShortMessage("", org.jsmpp.bean.TypeOfNumber.INTERNATIONAL,
                    org.jsmpp.bean.NumberingPlanIndicator.ISDN, ACME_SENDER.substring(1),
                    org.jsmpp.bean.TypeOfNumber.INTERNATIONAL, org.jsmpp.bean.NumberingPlanIndicator.ISDN, "15557770011",
                    new ESMClass(), (byte) 0, (byte) 1, "991399000000000+", null,
                    new org.jsmpp.bean.RegisteredDelivery(0), (byte) 0, GSM7, (byte) 0, gsm("Your code is 2")));
            assertThat(status).isEqualTo(SMPPConstant.STAT_ESME_RINVSCHED);
        }
    }

    private int bindStatus(String systemId, String password) {
        try (SmppTestClient ignored = SmppTestClient.bind(server.port(), BindType.BIND_TRX, systemId, password)) {
            throw new AssertionError("bound with system_id " + systemId);
        } catch (IOException refused) {
            Throwable cause = refused.getCause();
            assertThat(cause).as(refused.toString()).isInstanceOf(NegativeResponseException.class);
            return ((NegativeResponseException) cause).getCommandStatus();
        }
    }

    private static byte[] cString(String value) {
        byte[] text = value.getBytes(StandardCharsets.US_ASCII);
        byte[] withNul = new byte[text.length + 1];
        System.arraycopy(text, 0, withNul, 0, text.length);
        return withNul;
    }

    private static byte[] pdu(int commandId, int sequence, ByteBuffer body) {
        body.flip();
        ByteBuffer pdu = ByteBuffer.allocate(16 + body.remaining());
        pdu.putInt(16 + body.remaining()).putInt(commandId).putInt(0).putInt(sequence).put(body);
        return pdu.array();
    }

    /** command_id, command_status and sequence_number of the next PDU; its body is read and dropped. */
    private static int[] readPdu(DataInputStream in) throws IOException {
        int length = in.readInt();
        int[] header = {in.readInt(), in.readInt(), in.readInt()};
        in.skipNBytes(length - 16);
        return header;
    }
}
