package io.attest.gateway.application.message;

import io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort;
import io.attest.gateway.application.message.port.in.CancelMessageUseCase;
import io.attest.gateway.application.shared.NotFoundException;
import io.attest.gateway.domain.message.CancelMessageCommand;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageEvent;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.shared.AccountId;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;

/** Cancels a message of the caller's account; another account's message is not found, as one that does not exist. */
public class MessageCancellationService implements CancelMessageUseCase {

    private final CommandGateway commands;
    private final ComplianceHistoryPort history;

    public MessageCancellationService(CommandGateway commands, ComplianceHistoryPort history) {
        this.commands = commands;
        this.history = history;
    }

    @Override
    public void cancel(AccountId account, MessageId messageId) {
        var events = history.history(messageId.value(), MessageEvent.class);
        if (events.isEmpty() || !(events.getFirst().event() instanceof MessageAccepted accepted)
                || !account.equals(accepted.accountId())) {
            throw new NotFoundException("message-not-found", "no message " + messageId.value() + " in this account");
        }
        try {
            commands.sendAndWait(new CancelMessageCommand(messageId, "cancelled through the API"));
        } catch (CommandExecutionException failed) {
            if (failed.getCause() instanceof RuntimeException cause
                    && cause instanceof io.attest.gateway.domain.shared.IllegalTransitionException) {
                throw cause;
            }
            throw failed;
        }
    }
}
