package io.attest.gateway.application.email;

import io.attest.gateway.application.compliance.port.in.ComplianceRegistryUseCase;
import io.attest.gateway.application.email.port.in.ReceiveEmailUseCase.Answer;
import io.attest.gateway.application.email.port.in.ReceiveEmailUseCase.Mail;
import io.attest.gateway.application.email.port.out.EmailGatewayStorePort;
import io.attest.gateway.application.email.port.out.EmailGatewayStorePort.StoredSettings;
import io.attest.gateway.application.limits.SendLimitReachedException;
import io.attest.gateway.application.message.port.in.SendMessageUseCase;
import io.attest.gateway.application.message.port.in.SendMessageUseCase.AcceptedMessage;
import io.attest.gateway.application.smppclient.port.out.PasswordHashingPort;
import io.attest.gateway.domain.compliance.ComplianceDecision;
import io.attest.gateway.domain.compliance.ComplianceRule;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * What the SMTP server is told to answer for each way a send can end: the SMTP code tells the sending server whether
 * to retry. The send path and the store are stand-ins; EmailToSmsTest runs the real ones over SMTP.
 */
class EmailGatewayServiceTest {

    private static final AccountId ACME = AccountId.of("acme");

    private final EmailGatewayStorePort store = mock(EmailGatewayStorePort.class);
    private final SendMessageUseCase sends = mock(SendMessageUseCase.class);
    private EmailGatewayService service;

    @BeforeEach
    void acmeSendsByEmail() {
        PasswordHashingPort hashing = mock(PasswordHashingPort.class);
        when(hashing.hash(any())).thenReturn("hash");
        service = new EmailGatewayService(store, hashing, sends, mock(ComplianceRegistryUseCase.class),
                Clock.systemUTC(), "sms.example");
        when(store.settings("acme")).thenReturn(Optional.of(new StoredSettings("acme", true,
                List.of("+15551234567", "+15551234568"), List.of("alerts@acme.example", "@ops.acme.example"), true,
                false)));
    }

    private static Mail mail(String messageId, String fromHeader) {
        return new Mail(ACME, "alerts@acme.example", "+15557654321@sms.example", messageId, null, fromHeader, "Disk",
                "97 % full", null);
    }

    private static AcceptedMessage accepted(MessageStatus status, ComplianceDecision decision) {
        return new AcceptedMessage(MessageId.of("m-1"), status, TextEncoding.GSM_7, 1, decision);
    }

    @Test
    void theAccountsLimitsAskTheSendingServerToRetryLater() {
        when(sends.send(any())).thenThrow(new SendLimitReachedException(ACME, "sends-per-second", 5,
                Duration.ofSeconds(1)));

        Answer answer = service.deliver(mail("<a@acme.example>", null));

        assertThat(answer.code()).isEqualTo(451);
        assertThat(answer.enhanced()).isEqualTo("4.7.1");
        verify(store, never()).recordOrigin(any());
    }

    @Test
    void aFailureOfTheGatewayAsksForARetryAndAResentMailKeepsItsMessageId() {
        when(sends.send(any())).thenThrow(new IllegalStateException("connection refused"))
                .thenReturn(accepted(MessageStatus.ACCEPTED, new ComplianceDecision.Allowed(List.of(), "")));

        Answer failed = service.deliver(mail("<same@acme.example>", null));
        Answer retried = service.deliver(mail("<same@acme.example>", null));

        assertThat(failed.reply()).startsWith("451 4.3.0");
        assertThat(retried.reply()).startsWith("250 2.0.0 queued as m-1");
        ArgumentCaptor<SendMessageUseCase.SendMessage> sent = ArgumentCaptor.forClass(SendMessageUseCase.SendMessage.class);
        verify(sends, times(2)).send(sent.capture());
        assertThat(sent.getAllValues().get(0).messageId()).isNotNull().isEqualTo(sent.getAllValues().get(1).messageId());
        assertThat(sent.getValue().text()).isEqualTo("97 % full");
        assertThat(sent.getValue().from()).isEqualTo("+15551234567");
    }

    @Test
    void aBlockIsAPermanentRefusalNamingTheRuleAndBadInputIsToo() {
        when(sends.send(any())).thenReturn(accepted(MessageStatus.BLOCKED, new ComplianceDecision.Blocked(
                ComplianceRule.SUBSCRIBER_OPTED_OUT, "replied STOP", "")));
        assertThat(service.deliver(mail(null, null)).reply())
                .isEqualTo("550 5.7.1 blocked by rule consent.opted-out: replied STOP (message m-1)");

        when(sends.send(any())).thenThrow(new InvalidInputException(ErrorCode.INVALID_REQUEST, "text too long"));
        assertThat(service.deliver(mail(null, null)).reply()).isEqualTo("550 5.6.0 text too long");
    }

    @Test
    void anotherNumberOfTheAccountIsChosenByHeaderAndAForeignOneIsRefused() {
        when(sends.send(any())).thenReturn(accepted(MessageStatus.ACCEPTED, new ComplianceDecision.Allowed(List.of(), "")));

        assertThat(service.deliver(mail(null, "+15551234568")).code()).isEqualTo(250);
        Answer foreign = service.deliver(mail(null, "+15559999999"));

        assertThat(foreign.reply()).startsWith("550 5.7.1 X-Attest-From +15559999999");
        ArgumentCaptor<SendMessageUseCase.SendMessage> sent = ArgumentCaptor.forClass(SendMessageUseCase.SendMessage.class);
        verify(sends).send(sent.capture());
        assertThat(sent.getValue().from()).isEqualTo("+15551234568");
    }

    @Test
    void sendersMatchAnAddressOrAWholeDomainWhateverTheirCase() {
        assertThat(service.sender(ACME, "<Alerts@ACME.example>").code()).isEqualTo(250);
        assertThat(service.sender(ACME, "pager@ops.acme.example").code()).isEqualTo(250);
        assertThat(service.sender(ACME, "pager@acme.example").code()).isEqualTo(550);
        assertThat(service.sender(ACME, "").code()).isEqualTo(550);
        assertThat(service.sender(AccountId.of("globex"), "alerts@acme.example").text()).contains("not enabled");
    }
}
