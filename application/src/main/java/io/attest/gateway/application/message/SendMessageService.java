package io.attest.gateway.application.message;

import io.attest.gateway.application.message.port.in.SendMessageUseCase;
import io.attest.gateway.application.message.port.out.SenderNumberPort;
import io.attest.gateway.domain.message.AcceptMessageCommand;
import io.attest.gateway.domain.message.MessageContent;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.util.UUID;
import java.util.function.Supplier;

/** Validates a send request and has the Message aggregate accept it; returns once the event is stored. */
public class SendMessageService implements SendMessageUseCase {

    private final CommandGateway commandGateway;
    private final SenderNumberPort senderNumbers;
    private final Supplier<MessageId> messageIds;

    public SendMessageService(CommandGateway commandGateway, SenderNumberPort senderNumbers) {
        this(commandGateway, senderNumbers, () -> MessageId.of(UUID.randomUUID().toString()));
    }

    SendMessageService(CommandGateway commandGateway, SenderNumberPort senderNumbers, Supplier<MessageId> messageIds) {
        this.commandGateway = commandGateway;
        this.senderNumbers = senderNumbers;
        this.messageIds = messageIds;
    }

    @Override
    public AcceptedMessage send(SendMessage request) {
        PhoneNumber from = PhoneNumber.of(request.from());
        PhoneNumber to = PhoneNumber.of(request.to());
        MessageContent content = MessageContent.of(request.text());
        if (!senderNumbers.isSenderOf(request.accountId(), from)) {
            throw new InvalidInputException(ErrorCode.UNKNOWN_SENDER,
                    from + " is not a sender number of account " + request.accountId());
        }
        MessageId messageId = messageIds.get();
        commandGateway.sendAndWait(new AcceptMessageCommand(messageId, request.accountId(), from, to, content));
        return new AcceptedMessage(messageId, MessageStatus.ACCEPTED, content.encoding(), content.segments());
    }
}
