package io.attest.gateway.application.message.port.in;

import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.shared.AccountId;

import java.util.Optional;

/** A client reads one of its messages with its delivery timeline. Another account's message is not found. */
public interface GetMessageQuery {

    Optional<MessageView> find(AccountId accountId, MessageId messageId);
}
