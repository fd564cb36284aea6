package io.attest.gateway.application.message.port.in;

import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.shared.AccountId;

/** A client cancels one of its scheduled (or held) messages before it is released. */
public interface CancelMessageUseCase {

    /**
     * @throws io.attest.gateway.application.shared.NotFoundException when the account has no such message
     * @throws io.attest.gateway.domain.message.IllegalMessageTransitionException when it was released or decided already
     */
    void cancel(AccountId account, MessageId messageId);
}
