package io.attest.gateway.infrastructure.adapter.in.smtp;

import io.attest.gateway.application.email.port.in.ReceiveEmailUseCase;
import io.attest.gateway.application.email.port.in.ReceiveEmailUseCase.Answer;
import io.attest.gateway.domain.shared.AccountId;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.auth.LoginFailedException;
import org.subethamail.smtp.server.SMTPServer;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The email-to-SMS SMTP server (docs/email.md), SubEthaSMTP on its own port: AUTH always, STARTTLS first outside the
 * local default, one recipient a mail (a second is answered 452, so the sending server sends it on its own), every
 * step answered as {@link ReceiveEmailUseCase} says: 250 once the message is recorded, 5xx for what will never pass
 * (with the rule), 4xx for what may pass later. The mail is parsed here (MIME); what its text is, is the
 * application's rule.
 */
public class EmailToSmsServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(EmailToSmsServer.class);

    private final EmailProperties properties;
    private final ReceiveEmailUseCase mail;
    /** Headers in raw UTF-8 (RFC 6532) are read as UTF-8, as are encoded words (RFC 2047). */
    private final Session mime = Session.getInstance(utf8());
    private SMTPServer server;
    private ExecutorService sessions;

    private static Properties utf8() {
        Properties properties = new Properties();
        properties.setProperty("mail.mime.allowutf8", "true");
        return properties;
    }

    public EmailToSmsServer(EmailProperties properties, ReceiveEmailUseCase mail) {
        this.properties = properties;
        this.mail = mail;
    }

    @Override
    public synchronized void start() {
        if (server != null) {
            return;
        }
        if (properties.requireTls() && !properties.tls()) {
            throw new IllegalStateException("gateway.email.require-tls is on but gateway.email.key-store names no key "
                    + "store: give the SMTP server a certificate (docs/email.md), or turn STARTTLS off only for local use");
        }
        sessions = Executors.newFixedThreadPool(properties.maxConnections(),
                Thread.ofPlatform().name("smtp-", 0).daemon(true).factory());
        try {
            SMTPServer.Builder builder = SMTPServer.port(properties.port())
                    .bindAddress(InetAddress.getByName(properties.address()))
                    .hostName(properties.domain())
                    .softwareName("Attest SMS gateway")
                    .messageHandlerFactory(Transaction::new)
                    .authenticationHandlerFactory(new EasyAuthenticationHandlerFactory(this::login))
                    .requireAuth(true)
                    .maxRecipients(1)
                    .maxMessageSize(properties.maxMessageSize())
                    .maxConnections(properties.maxConnections())
                    .connectionTimeout(60, java.util.concurrent.TimeUnit.SECONDS)
                    .executorService(sessions);
            if (properties.tls()) {
                builder.enableTLS(true).requireTLS(properties.requireTls()).startTlsSocketFactory(sslContext());
            }
            server = builder.build();
            server.start();
            log.info("email to SMS: SMTP on {}:{} for {}@{}{}", properties.address(), port(), "<number>",
                    properties.domain(), properties.tls() ? ", STARTTLS" + (properties.requireTls() ? " required" : "")
                            : ", without TLS (local use only)");
        } catch (IOException | GeneralSecurityException e) {
            sessions.shutdownNow();
            throw new IllegalStateException("the SMTP server cannot start: " + e.getMessage(), e);
        }
    }

    private SSLContext sslContext() throws IOException, GeneralSecurityException {
        char[] password = properties.keyStorePassword() == null ? new char[0] : properties.keyStorePassword().toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(Path.of(properties.keyStore()))) {
            keys.load(in, password);
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    @Override
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            sessions.shutdownNow();
            server = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return server != null && server.isRunning();
    }

    /** The port it listens on, or 0 when it does not. */
    public synchronized int port() {
        return server == null ? 0 : server.getPortAllocated();
    }

    private void login(String username, String password, MessageContext context) throws LoginFailedException {
        if (mail.authenticate(username, password).isEmpty()) {
            log.info("SMTP login refused for '{}' from {}", username, context.getRemoteAddress());
            throw new LoginFailedException();
        }
    }

    private static RejectException refused(Answer answer) {
        return new RejectException(answer.code(), answer.enhanced() + " " + answer.text());
    }

    /** One mail transaction of an authenticated session. */
    private final class Transaction implements MessageHandler {

        private final MessageContext context;
        private final AccountId account;
        private String sender;
        private String recipient;

        Transaction(MessageContext context) {
            this.context = context;
            this.account = context.getAuthenticationHandler().map(AuthenticationHandler::getIdentity)
                    .map(identity -> mail.accountOf(identity.toString()).orElse(null)).orElse(null);
        }

        @Override
        public void from(String from) throws RejectException {
            if (account == null) {
                throw new RejectException(530, "5.7.0 authentication required");
            }
            Answer answer = mail.sender(account, from);
            if (!answer.accepted()) {
                throw refused(answer);
            }
            sender = from;
        }

        @Override
        public void recipient(String to) throws RejectException {
            Answer answer = mail.recipient(account, to);
            if (!answer.accepted()) {
                throw refused(answer);
            }
            recipient = to;
        }

        @Override
        public String data(InputStream data) throws RejectException, IOException {
            byte[] raw = readAtMost(data, properties.maxMessageSize());
            if (raw == null) {
                throw endTransaction(new RejectException(552, "5.3.4 the mail is larger than "
                        + properties.maxMessageSize() + " bytes"));
            }
            ReceiveEmailUseCase.Mail received;
            try {
                MimeMessage message = new MimeMessage(mime, new ByteArrayInputStream(raw));
                Texts texts = new Texts();
                texts.collect(message, 0);
                String[] from = message.getHeader("X-Attest-From");
                String[] date = message.getHeader("Date");
                received = new ReceiveEmailUseCase.Mail(account, sender, recipient, message.getMessageID(),
                        date == null || date.length == 0 ? null : date[0],
                        from == null || from.length == 0 ? null : from[0], message.getSubject(), texts.plain,
                        texts.html);
            } catch (MessagingException | IOException | RuntimeException malformed) {
                // an unknown charset, a broken encoding: it will never read better, so not 4xx
                throw endTransaction(new RejectException(550, "5.6.0 the mail cannot be read: "
                        + malformed.getMessage()));
            }
            Answer answer = mail.deliver(received);
            if (!answer.accepted()) {
                throw endTransaction(refused(answer));
            }
            return answer.enhanced() + " " + answer.text();
        }

        /**
         * Ends the mail transaction before a refused DATA is answered (RFC 5321 4.1.1.4: the next MAIL starts a new
         * one), which the SMTP library does only after an accepted one.
         */
        private RejectException endTransaction(RejectException refusal) {
            if (context instanceof org.subethamail.smtp.server.Session session) {
                session.resetMailTransaction();
            }
            return refusal;
        }

        @Override
        public void done() {
        }
    }

    /**
     * The whole mail, or null when it is larger than the limit (then read to its end and dropped, so that the session
     * goes on with the next command).
     */
    private static byte[] readAtMost(InputStream data, int limit) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream(Math.min(limit, 64 * 1024));
        byte[] buffer = new byte[8192];
        long total = 0;
        int read;
        while ((read = data.read(buffer)) != -1) {
            total += read;
            if (total <= limit) {
                kept.write(buffer, 0, read);
            }
        }
        return total > limit ? null : kept.toByteArray();
    }

    /** The first text/plain and text/html parts of a mail, attachments left out. */
    private static final class Texts {

        String plain;
        String html;

        void collect(Part part, int depth) throws MessagingException, IOException {
            if (depth > 10 || Part.ATTACHMENT.equalsIgnoreCase(part.getDisposition())) {
                return;
            }
            if (part.isMimeType("text/plain") && plain == null) {
                plain = String.valueOf(part.getContent());
            } else if (part.isMimeType("text/html") && html == null) {
                html = String.valueOf(part.getContent());
            } else if (part.isMimeType("multipart/*") && part.getContent() instanceof Multipart multipart) {
                for (int i = 0; i < multipart.getCount(); i++) {
                    BodyPart body = multipart.getBodyPart(i);
                    collect(body, depth + 1);
                }
            }
        }
    }
}
