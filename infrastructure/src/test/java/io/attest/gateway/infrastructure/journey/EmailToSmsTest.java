package io.attest.gateway.infrastructure.journey;

import io.attest.gateway.infrastructure.adapter.in.smtp.EmailToSmsServer;
import io.attest.gateway.infrastructure.support.Eventually;
import io.attest.gateway.infrastructure.support.GatewayClient.Response;
import io.attest.gateway.infrastructure.support.SimulatorProbe;
import io.attest.gateway.infrastructure.support.SmtpTestClient;
import io.attest.gateway.infrastructure.support.SmtpTestClient.Reply;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Email to SMS over real SMTP on loopback: the gateway's SMTP server takes a mail from an allowed sender with a valid
 * login and sends it through the same path as the API (compliance, audit, receipts), and answers the truth: 250 once
 * recorded, 5xx with the rule for a refusal, 4xx to try again. Replies and receipts come back by email through a relay
 * (GreenMail) the test reads.
 */
class EmailToSmsTest extends GatewayTestBase {

    private static final String DOMAIN = "sms.localhost";
    private static final String SENDER = "alerts@acme.example";

    @Autowired
    EmailToSmsServer smtp;

    @Autowired
    SimulatorProbe simulator;

    private String username;
    private String password;

    @BeforeEach
    void acmeSendsByEmail() {
        Response configured = client.put("/v1/email-gateway", acmeToken(), """
                {"numbers": ["%s"], "allowedSenders": ["%s", "@ops.acme.example"], "repliesByEmail": true,
                 "receiptsByEmail": true}""".formatted(ACME_SENDER, SENDER));
        assertThat(configured.status()).as(configured.body()).isEqualTo(200);
        Response issued = client.post("/v1/email-gateway/credentials", acmeToken(), "{\"description\": \"alerts\"}");
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        username = issued.json().get("username").asString();
        password = issued.json().get("password").asString();
    }

    private static String mail(String subject, String body) {
        return "From: Acme Alerts <" + SENDER + ">\r\nTo: x\r\nSubject: " + subject + "\r\nMessage-ID: <"
                + UUID.randomUUID() + "@acme.example>\r\nContent-Type: text/plain; charset=UTF-8\r\n"
                + "Content-Transfer-Encoding: 8bit\r\n\r\n" + body;
    }

    private SmtpTestClient loggedIn() throws Exception {
        SmtpTestClient session = SmtpTestClient.connect(smtp.port());
        assertThat(session.login(username, password).code()).isEqualTo(235);
        return session;
    }

    private static String queuedId(Reply reply) {
        String text = reply.text();
        int at = text.indexOf("queued as ") + "queued as ".length();
        return text.substring(at, text.indexOf(' ', at));
    }

    private static List<MimeMessage> mailTo(String address, String subjectPart) {
        return Arrays.stream(MAIL_RELAY.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equals(address))
                        && m.getSubject().contains(subjectPart);
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    @Test
    void anAllowedMailBecomesADeliveredMessageAndItsReceiptComesBackByEmail() throws Exception {
        String recipient = "+15557663101";
        consentToAcmeCodes(recipient);
        try (SmtpTestClient session = loggedIn()) {
            Reply reply = session.send(SENDER, recipient + "@" + DOMAIN, mail("Login code",
                    "Your code is 4711\r\n\r\n-- \r\nAcme Ops, 1 Road\r\n"));

            assertThat(reply.code()).as(reply.toString()).isEqualTo(250);
            String id = queuedId(reply);
            Eventually.awaitTrue(BOUND, "delivered", () -> "delivered".equals(
                    client.get("/v1/messages/" + id, acmeToken()).json().get("status").asString()));
            assertThat(simulator.received()).anyMatch(r -> r.destination().equals(recipient)
                    && r.text().equals("Your code is 4711"));
            assertThat(feedTypesOf(acmeToken(), id)).contains("message.accepted", "message.delivered");
            Eventually.awaitTrue(BOUND, "the receipt by email", () -> !mailTo(SENDER, recipient + " delivered").isEmpty());
            assertThat(String.valueOf(mailTo(SENDER, recipient + " delivered").getFirst().getContent())).contains(id);
        }
    }

    @Test
    void anOptedOutRecipientIsRefusedWithTheRuleAndTheBlockIsRecorded() throws Exception {
        String recipient = "+15557663102";
        consentToAcmeCodes(recipient);
        Response optOut = client.post("/v1/consents/opt-outs", acmeToken(), """
                {"brandId": "acme-brand", "subscriber": "%s", "scope": "BRAND", "method": "AGENT",
                 "words": "asked by phone to stop all texts"}""".formatted(recipient));
        assertThat(optOut.status()).as(optOut.body()).isEqualTo(200);
        try (SmtpTestClient session = loggedIn()) {
            Reply reply = session.send(SENDER, recipient + "@" + DOMAIN, mail("Login code", "Your code is 4712"));

            assertThat(reply.code()).as(reply.toString()).isEqualTo(550);
            assertThat(reply.text()).startsWith("5.7.1 blocked by rule consent.opted-out");
            String id = reply.text().substring(reply.text().lastIndexOf("(message ") + 9, reply.text().length() - 1);
            assertThat(client.get("/v1/messages/" + id, acmeToken()).json().get("status").asString())
                    .isEqualTo("blocked");
            assertThat(simulator.received()).noneMatch(r -> r.destination().equals(recipient));
        }
    }

    @Test
    @Tag("security")
    void aWrongLoginAMailWithoutOneAndASenderNotAllowedAreRefused() throws Exception {
        try (SmtpTestClient session = SmtpTestClient.connect(smtp.port())) {
            assertThat(session.command("MAIL FROM:<" + SENDER + ">").code()).isEqualTo(530);
            assertThat(session.login(username, password + "x").code()).isEqualTo(535);
            assertThat(session.login("m-nobody", password).code()).isEqualTo(535);
        }
        try (SmtpTestClient session = loggedIn()) {
            Reply stranger = session.command("MAIL FROM:<someone@evil.example>");
            assertThat(stranger.code()).isEqualTo(550);
            assertThat(stranger.text()).startsWith("5.7.1").contains("someone@evil.example");
            // a whole domain may be allowed
            assertThat(session.command("MAIL FROM:<pager@ops.acme.example>").code()).isEqualTo(250);
        }
        // another account's login does not send for acme: globex has no email sending
        Response globexIssued = client.post("/v1/email-gateway/credentials",
                client.token("globex-app", "globex-secret", null), "{}");
        try (SmtpTestClient session = SmtpTestClient.connect(smtp.port())) {
            assertThat(session.login(globexIssued.json().get("username").asString(),
                    globexIssued.json().get("password").asString()).code()).isEqualTo(235);
            Reply refused = session.command("MAIL FROM:<" + SENDER + ">");
            assertThat(refused.code()).isEqualTo(550);
            assertThat(refused.text()).contains("not enabled");
        }
    }

    @Test
    void malformedRecipientsOversizedMailsAndASecondRecipientAreRefusedAsSmtpSays() throws Exception {
        try (SmtpTestClient session = loggedIn()) {
            for (String bad : List.of("bob@" + DOMAIN, "+15557663103@other.example", "+1555@" + DOMAIN,
                    "not-an-address")) {
                assertThat(session.command("MAIL FROM:<" + SENDER + ">").code()).isEqualTo(250);
                Reply refused = session.command("RCPT TO:<" + bad + ">");
                assertThat(refused.code()).as(bad).isEqualTo(550);
                assertThat(refused.text()).as(bad).startsWith("5.1.3");
                session.command("RSET");
            }
            assertThat(session.command("MAIL FROM:<" + SENDER + ">").code()).isEqualTo(250);
            assertThat(session.command("RCPT TO:<+15557663104@" + DOMAIN + ">").code()).isEqualTo(250);
            assertThat(session.command("RCPT TO:<+15557663105@" + DOMAIN + ">").code()).isEqualTo(452);
            session.command("RSET");

            Reply tooBig = session.send(SENDER, "+15557663104@" + DOMAIN, mail("Big", "x".repeat(300 * 1024)));
            assertThat(tooBig.code()).isEqualTo(552);
            // the refused mail ended its transaction: the next one starts without RSET
            Reply unreadable = session.send(SENDER, "+15557663104@" + DOMAIN, "From: " + SENDER
                    + "\r\nSubject: x\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\nhello\r\n");
            assertThat(unreadable.code()).as(unreadable.toString()).isEqualTo(550);
            assertThat(unreadable.text()).startsWith("5.6.0");
            assertThat(session.command("MAIL FROM:<" + SENDER + ">").code()).isEqualTo(250);
            assertThat(session.command("NOOP").code()).isEqualTo(250);
        }
        assertThat(simulator.received()).noneMatch(r -> r.destination().equals("+15557663104"));
    }

    @Test
    void utf8And8BitSubjectsBecomeTheTextWhenTheBodyIsEmptyAndAResentMailIsSentOnce() throws Exception {
        String encoded = "+15557663106";
        String raw = "+15557663107";
        consentToAcmeCodes(encoded);
        consentToAcmeCodes(raw);
        try (SmtpTestClient session = loggedIn()) {
            // RFC 2047 encoded word: "Café open ☕"
            Reply first = session.send(SENDER, encoded + "@" + DOMAIN,
                    mail("=?UTF-8?B?Q2Fmw6kgb3BlbiDimJU=?=", "\r\n"));
            assertThat(first.code()).as(first.toString()).isEqualTo(250);
            // raw 8-bit UTF-8 in the header
            Reply second = session.send(SENDER, raw + "@" + DOMAIN, mail("Grüße aus Köln", ""));
            assertThat(second.code()).as(second.toString()).isEqualTo(250);

            String resent = "From: " + SENDER + "\r\nSubject: once\r\nMessage-ID: <fixed-" + UUID.randomUUID()
                    + "@acme.example>\r\n\r\nSent once, whatever the retries\r\n";
            Reply original = session.send(SENDER, encoded + "@" + DOMAIN, resent);
            Reply again = session.send(SENDER, encoded + "@" + DOMAIN, resent);
            assertThat(queuedId(again)).isEqualTo(queuedId(original));
        }
        Eventually.awaitTrue(BOUND, "both texts at the SMSC", () -> simulator.received().stream()
                .anyMatch(r -> r.destination().equals(encoded) && r.text().equals("Café open ☕"))
                && simulator.received().stream()
                .anyMatch(r -> r.destination().equals(raw) && r.text().equals("Grüße aus Köln")));
        Thread.sleep(300); // a second submit, were there one, would be at the SMSC by now
        assertThat(simulator.received().stream().filter(r -> r.destination().equals(encoded)
                && r.text().equals("Sent once, whatever the retries"))).hasSize(1);
    }

    @Test
    void aSubscribersReplyBySmsArrivesAsMailToTheOriginalSenderAndStopIsHandledFirst() throws Exception {
        String subscriber = "+15557663108";
        consentToAcmeCodes(subscriber);
        try (SmtpTestClient session = loggedIn()) {
            assertThat(session.send(SENDER, subscriber + "@" + DOMAIN, mail("Shift", "Can you cover Friday?"))
                    .code()).isEqualTo(250);
        }
        Eventually.awaitTrue(BOUND, "the SMS at the SMSC", () -> simulator.received().stream()
                .anyMatch(r -> r.destination().equals(subscriber)));

        assertThat(simulator.sendInbound(subscriber, ACME_SENDER, "Yes, I can")).isTrue();
        Eventually.awaitTrue(BOUND, "the reply by email", () -> !mailTo(SENDER, "SMS reply from " + subscriber)
                .isEmpty());
        assertThat(String.valueOf(mailTo(SENDER, "SMS reply from " + subscriber).getFirst().getContent()))
                .startsWith("Yes, I can");

        assertThat(simulator.sendInbound(subscriber, ACME_SENDER, "STOP")).isTrue();
        Eventually.awaitTrue(BOUND, "the STOP by email", () -> mailTo(SENDER, "SMS reply from " + subscriber)
                .stream().anyMatch(m -> {
                    try {
                        return String.valueOf(m.getContent()).contains("opted out");
                    } catch (Exception e) {
                        return false;
                    }
                }));
        // the gateway answered the STOP itself and the next mail to the subscriber is refused
        try (SmtpTestClient session = loggedIn()) {
            Reply refused = session.send(SENDER, subscriber + "@" + DOMAIN, mail("Shift", "Saturday then?"));
            assertThat(refused.code()).isEqualTo(550);
            assertThat(refused.text()).contains("consent.opted-out");
        }
    }

    @Test
    @Tag("security")
    void settingsTakeOnlyTheAccountsOwnNumbersAndCredentialsAreTheAccountsOwn() {
        String globex = client.token("globex-app", "globex-secret", null);
        Response foreignNumber = client.put("/v1/email-gateway", globex, """
                {"numbers": ["%s"], "allowedSenders": ["@globex.example"]}""".formatted(ACME_SENDER));
        assertThat(foreignNumber.status()).isEqualTo(404);
        Response noSender = client.put("/v1/email-gateway", acmeToken(), """
                {"numbers": ["%s"], "allowedSenders": ["not an address"]}""".formatted(ACME_SENDER));
        assertThat(noSender.status()).isEqualTo(400);
        assertThat(noSender.contentType()).contains("problem+json");

        assertThat(client.delete("/v1/email-gateway/credentials/" + username, globex).status()).isEqualTo(404);
        Response listed = client.get("/v1/email-gateway/credentials", acmeToken());
        assertThat(listed.body()).contains(username).doesNotContain(password);
        assertThat(client.get("/v1/email-gateway/credentials", globex).body()).doesNotContain(username);
        assertThat(client.get("/v1/email-gateway", client.token("acme-reader", "acme-reader-secret", null)).status())
                .isEqualTo(403);

        assertThat(client.delete("/v1/email-gateway/credentials/" + username, acmeToken()).status()).isEqualTo(204);
    }
}
