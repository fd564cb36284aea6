package io.attest.gateway.application.message;

import io.attest.gateway.application.message.port.in.SendMessageUseCase.AcceptedMessage;
import io.attest.gateway.application.message.port.in.SendMessageUseCase.SendMessage;
import io.attest.gateway.domain.message.AcceptMessageCommand;
import io.attest.gateway.domain.message.MessageContent;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

class SendMessageServiceTest {

    private static final AccountId ACME = AccountId.of("acme");

    private final CommandGateway commands = mock(CommandGateway.class);
    private final SendMessageService service = new SendMessageService(commands,
            (account, number) -> account.equals(ACME) && number.e164().equals("+15551234567"),
            () -> MessageId.of("fixed-id"));

    @Test
    void acceptsAValidMessageThroughTheAggregate() {
        AcceptedMessage accepted = service.send(new SendMessage(ACME, "+15551234567", "+15557654321", "Hi"));

        assertThat(accepted).isEqualTo(new AcceptedMessage(MessageId.of("fixed-id"), MessageStatus.ACCEPTED,
                TextEncoding.GSM_7, 1));
        verify(commands).sendAndWait(new AcceptMessageCommand(MessageId.of("fixed-id"), ACME,
                PhoneNumber.of("+15551234567"), PhoneNumber.of("+15557654321"), MessageContent.of("Hi")));
    }

    @Test
    void refusesASenderNumberTheAccountDoesNotOwnWithoutSendingAnything() {
        assertThatThrownBy(() -> service.send(new SendMessage(ACME, "+15550000000", "+15557654321", "Hi")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.UNKNOWN_SENDER));
        verifyNoInteractions(commands);
    }

    @Test
    void refusesAMalformedRecipientWithoutSendingAnything() {
        assertThatThrownBy(() -> service.send(new SendMessage(ACME, "+15551234567", "5557654321", "Hi")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PHONE_NUMBER));
        verifyNoInteractions(commands);
    }
}
