package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.GatewayApplication;
import io.attest.gateway.infrastructure.adapter.in.smpp.SmppClientServer;
import io.attest.gateway.infrastructure.support.GatewayClient;
import io.attest.gateway.infrastructure.support.SmppTestClient;
import io.attest.gateway.infrastructure.support.TestCertificate;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.GeneralDataCoding;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SMPP clients that bind over TLS, on the server's second port; the plain port stays as it is. */
@SpringBootTest(classes = GatewayApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gateway.data-dir=target/test-data/smpp-tls-${random.uuid}", "gateway.simulator.port=0",
                "gateway.simulator.receipt-delay=20ms", "gateway.smpp-server.tls.port=0",
                "gateway.smpp-server.enquire-link=300ms",
                "gateway.limits.defaults.recipient-messages=0"})
@Tag("security")
class SmppTlsTest {

    private static final String PASSWORD = "changeit-test";
    private static Path keyStore;

    @Autowired
    SmppClientServer server;

    @LocalServerPort
    int httpPort;

    /** A self-signed certificate for 127.0.0.1, made with the JDK's keytool before the gateway starts. */
    @DynamicPropertySource
    static void keyStore(DynamicPropertyRegistry registry) throws Exception {
        keyStore = TestCertificate.keyStore("smpp", PASSWORD);
        registry.add("gateway.smpp-server.tls.key-store", keyStore::toString);
        registry.add("gateway.smpp-server.tls.key-store-password", () -> PASSWORD);
    }

    private static SSLContext trustingTheGateway() throws Exception {
        return TestCertificate.trusting(keyStore, PASSWORD);
    }

    @Test
    void aClientBindsAndSubmitsOverTlsAndAPlainClientIsNotTakenOnTheTlsPort() throws Exception {
        GatewayClient client = new GatewayClient(httpPort);
        String token = client.token("acme-app", "acme-secret", null);
        GatewayClient.Response consent = client.post("/v1/consents/opt-ins", token, """
                {"brandId": "acme-brand", "subscriber": "+15557790001", "campaignId": "acme-otp", "kind": "EXPRESS",
                 "evidence": {"channel": "API", "disclosureShown": "We will text you login codes. Reply STOP to cancel.",
                              "consentGiven": "entered the number at sign-up"}}""");
        assertThat(consent.status()).as(consent.body()).isEqualTo(201);
        var issued = client.post("/v1/smpp-credentials", token, "{}").json();
        String systemId = issued.get("systemId").asString();
        String password = issued.get("password").asString();
        assertThat(server.tlsPort()).isPositive().isNotEqualTo(server.port());

        try (SmppTestClient smpp = SmppTestClient.bindOverTls(trustingTheGateway(), server.tlsPort(), BindType.BIND_TRX,
                systemId, password)) {
            String id = smpp.submit("+15551234567", "+15557790001", (byte) 1, new GeneralDataCoding(Alphabet.ALPHA_DEFAULT),
                    io.attest.gateway.domain.message.Gsm7Alphabet.encodeUnpacked("Your code is 3551"));
            smpp.awaitReceipt(id, java.time.Duration.ofSeconds(15));
        }
        assertThatThrownBy(() -> SmppTestClient.bind(server.tlsPort(), BindType.BIND_TRX, systemId, password))
                .as("plain SMPP on the TLS port").isInstanceOf(IOException.class);
        try (SmppTestClient plain = SmppTestClient.bind(server.port(), BindType.BIND_TX, systemId, password)) {
            assertThat(plain.session().getSessionState().isBound()).as("the plain port still serves").isTrue();
        }
        assertThat(List.of(server.port(), server.tlsPort())).doesNotHaveDuplicates();
    }

    @Test
    void anIdleBindIsAskedForAnEnquireLinkAndAStoppingServerUnbindsItsClients() throws Exception {
        GatewayClient client = new GatewayClient(httpPort);
        var issued = client.post("/v1/smpp-credentials", client.token("acme-app", "acme-secret", null), "{}").json();
        try (SmppTestClient idle = SmppTestClient.bind(server.port(), BindType.BIND_TRX, issued.get("systemId").asString(),
                issued.get("password").asString())) {
            io.attest.gateway.infrastructure.support.Eventually.awaitTrue(java.time.Duration.ofSeconds(10),
                    "an enquire_link from the server", () -> idle.enquireLinks() > 0);
            server.stop();
            try {
                io.attest.gateway.infrastructure.support.Eventually.awaitTrue(java.time.Duration.ofSeconds(10),
                        "the client unbound by the server", () -> !idle.session().getSessionState().isBound());
            } finally {
                server.start();
            }
        }
        try (SmppTestClient again = SmppTestClient.bind(server.port(), BindType.BIND_TX, issued.get("systemId").asString(),
                issued.get("password").asString())) {
            assertThat(again.session().getSessionState().isBound()).as("the server listens again").isTrue();
        }
    }
}
