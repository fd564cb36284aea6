package io.attest.gateway.infrastructure.adapter.out.mail;

import io.attest.gateway.application.email.port.out.SendEmailPort;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * Replies and receipts by email through the SMTP relay Spring Boot's mail support is configured with
 * ({@code spring.mail.host}, docs/configuration.md#email-to-sms). Without a relay, nothing is mailed.
 */
@Component
class SmtpRelayAdapter implements SendEmailPort {

    private final ObjectProvider<JavaMailSender> sender;
    private final String from;

    SmtpRelayAdapter(ObjectProvider<JavaMailSender> sender,
                     @Value("${gateway.email.reply-from:attest@${gateway.email.domain:sms.localhost}}") String from) {
        this.sender = sender;
        this.from = from;
    }

    @Override
    public void send(String to, String subject, String text) {
        SimpleMailMessage mail = new SimpleMailMessage();
        if (!from.isBlank()) {
            mail.setFrom(from);
        }
        mail.setTo(to);
        mail.setSubject(subject);
        mail.setText(text);
        try {
            sender.getObject().send(mail);
        } catch (org.springframework.mail.MailSendException e) {
            // the relay answered the address with a refusal (jakarta.mail.SendFailedException): it never will take it
            boolean refused = e.getFailedMessages().values().stream().anyMatch(f -> {
                for (Throwable cause = f; cause != null; cause = cause.getCause()) {
                    if (cause instanceof jakarta.mail.SendFailedException) {
                        return true;
                    }
                }
                return false;
            });
            if (refused) {
                throw new RefusedException(e.getMessage(), e);
            }
            throw e;
        }
    }

    @Override
    public boolean configured() {
        return sender.getIfAvailable() != null;
    }
}
