package io.attest.gateway.application.smppclient;

import io.attest.gateway.application.limits.SendLimitReachedException;
import io.attest.gateway.application.message.port.in.SendMessageUseCase;
import io.attest.gateway.application.message.port.in.SendMessageUseCase.AcceptedMessage;
import io.attest.gateway.application.smppclient.port.in.ManageSmppCredentialsUseCase.Credential;
import io.attest.gateway.application.smppclient.port.in.SubmitFromSmppClientUseCase;
import io.attest.gateway.application.smppclient.port.out.SmppClientMessagePort;
import io.attest.gateway.application.smppclient.port.out.SmppClientMessagePort.SubmittedMessage;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.InvalidInputException;

import java.time.Clock;
import java.util.UUID;

/**
 * Sends an SMPP client's submit through the REST path's {@link SendMessageUseCase}. The message is remembered as the
 * client's under the id it is about to get before it is sent, so a crash between the two cannot leave a sent message
 * whose receipt has nowhere to go; a remembered id that was never sent is harmless and is forgotten when the send
 * refuses the submit as malformed.
 */
public class SmppSubmitService implements SubmitFromSmppClientUseCase {

    private final SendMessageUseCase send;
    private final SmppClientMessagePort messages;
    private final Clock clock;

    public SmppSubmitService(SendMessageUseCase send, SmppClientMessagePort messages, Clock clock) {
        this.send = send;
        this.messages = messages;
        this.clock = clock;
    }

    @Override
    public AcceptedMessage submit(Credential credential, Submit submit) {
        MessageId id = MessageId.of(UUID.randomUUID().toString());
        messages.remember(new SubmittedMessage(id.value(), credential.accountId(), credential.systemId(),
                submit.registeredDelivery(), submit.sourceAddress(), submit.destinationAddress(), clock.instant()));
        try {
            return send.send(new SendMessageUseCase.SendMessage(new AccountId(credential.accountId()), submit.from(),
                    submit.to(), submit.text(), null, id, null, submit.validFor()));
        } catch (InvalidInputException | SendLimitReachedException refused) {
            messages.forget(id.value());
            throw refused;
        }
    }
}
