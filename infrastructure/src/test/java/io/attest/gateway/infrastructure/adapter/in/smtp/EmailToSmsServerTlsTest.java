package io.attest.gateway.infrastructure.adapter.in.smtp;

import io.attest.gateway.application.email.port.in.ReceiveEmailUseCase;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.infrastructure.support.SmtpTestClient;
import io.attest.gateway.infrastructure.support.TestCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SMTP server outside the local default: nothing but EHLO, STARTTLS and QUIT before TLS, a login only over it, and
 * no start at all without a certificate. Real TCP on loopback and a real TLS handshake; behind the server, a use case
 * that records what it is asked (this tests the server alone; EmailToSmsTest runs the whole path).
 */
@Tag("security")
class EmailToSmsServerTlsTest {

    private static final String PASSWORD = "smtp-tls-test";
    private static Path keyStore;
    private static EmailToSmsServer server;
    private static final List<String> asked = new CopyOnWriteArrayList<>();

    /** Accepts the login "user"/"secret" for account "acme", any sender and recipient; records each question. */
    private static final ReceiveEmailUseCase RECORDING = new ReceiveEmailUseCase() {
        @Override
        public Optional<AccountId> authenticate(String username, String password) {
            asked.add("login " + username);
            return "user".equals(username) && "secret".equals(password) ? Optional.of(AccountId.of("acme"))
                    : Optional.empty();
        }

        @Override
        public Optional<AccountId> accountOf(String username) {
            return "user".equals(username) ? Optional.of(AccountId.of("acme")) : Optional.empty();
        }

        @Override
        public Answer sender(AccountId account, String address) {
            asked.add("sender " + address);
            return new Answer(250, "2.1.0", "ok");
        }

        @Override
        public Answer recipient(AccountId account, String address) {
            asked.add("recipient " + address);
            return new Answer(250, "2.1.5", "ok");
        }

        @Override
        public Answer deliver(Mail mail) {
            asked.add("deliver " + mail.subject());
            return Answer.ok("queued as test");
        }
    };

    @BeforeAll
    static void start() throws Exception {
        keyStore = TestCertificate.keyStore("smtp", PASSWORD);
        server = new EmailToSmsServer(new EmailProperties(true, "127.0.0.1", 0, "sms.localhost", true,
                keyStore.toString(), PASSWORD, null, null), RECORDING);
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    private static SSLContext trustingTheServer() throws Exception {
        return TestCertificate.trusting(keyStore, PASSWORD);
    }

    @Test
    void withoutTlsNeitherALoginNorAMailIsTaken() throws Exception {
        asked.clear();
        try (SmtpTestClient session = SmtpTestClient.connect(server.port())) {
            assertThat(session.login("user", "secret").code()).isEqualTo(530);
            assertThat(session.command("MAIL FROM:<a@acme.example>").code()).isEqualTo(530);
            assertThat(session.command("RCPT TO:<+15557654321@sms.localhost>").code()).isEqualTo(530);
        }
        assertThat(asked).isEmpty(); // the password never crossed in the clear to be checked
    }

    @Test
    void overTlsTheLoginAndTheMailAreTaken() throws Exception {
        asked.clear();
        try (SmtpTestClient session = SmtpTestClient.connect(server.port())) {
            assertThat(session.startTls(trustingTheServer()).code()).isEqualTo(220);
            assertThat(session.login("user", "wrong").code()).isEqualTo(535);
            assertThat(session.login("user", "secret").code()).isEqualTo(235);
            var reply = session.send("a@acme.example", "+15557654321@sms.localhost",
                    "Subject: over TLS\r\n\r\nhello\r\n");
            assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
            assertThat(reply.text()).contains("queued as test");
        }
        assertThat(asked).containsExactly("login user", "login user", "sender a@acme.example",
                "recipient +15557654321@sms.localhost", "deliver over TLS");
    }

    @Test
    void requiringTlsWithoutACertificateStopsTheStart() {
        EmailToSmsServer withoutCertificate = new EmailToSmsServer(new EmailProperties(true, "127.0.0.1", 0,
                "sms.localhost", true, null, null, null, null), RECORDING);
        assertThatThrownBy(withoutCertificate::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("gateway.email.key-store");
        assertThat(withoutCertificate.port()).isZero();
    }
}
