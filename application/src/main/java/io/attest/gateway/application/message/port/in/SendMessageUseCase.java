package io.attest.gateway.application.message.port.in;

import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.AccountId;

/** An API client asks the gateway to send one text message. */
public interface SendMessageUseCase {

    /**
     * Validates and accepts the message; it is stored in the event store before this returns.
     *
     * @throws io.attest.gateway.domain.shared.InvalidInputException when a field is malformed
     */
    AcceptedMessage send(SendMessage request);

    record SendMessage(AccountId accountId, String from, String to, String text) {
    }

    record AcceptedMessage(MessageId messageId, MessageStatus status, TextEncoding encoding, int segments) {
    }
}
