package io.attest.gateway.application.message;

import io.attest.gateway.application.message.port.in.GetMessageQuery;
import io.attest.gateway.application.message.port.in.MessageView;
import io.attest.gateway.application.message.port.out.MessageReadModelPort;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.shared.AccountId;

import java.util.Optional;

public class GetMessageService implements GetMessageQuery {

    private final MessageReadModelPort readModel;

    public GetMessageService(MessageReadModelPort readModel) {
        this.readModel = readModel;
    }

    @Override
    public Optional<MessageView> find(AccountId accountId, MessageId messageId) {
        return readModel.load(accountId, messageId);
    }
}
