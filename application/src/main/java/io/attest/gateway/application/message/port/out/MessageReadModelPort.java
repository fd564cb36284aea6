package io.attest.gateway.application.message.port.out;

import io.attest.gateway.application.message.port.in.MessageView;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.shared.AccountId;

import java.util.Optional;

/** The message read model, always filtered by the owning account. */
public interface MessageReadModelPort {

    Optional<MessageView> load(AccountId accountId, MessageId messageId);
}
