package io.attest.gateway.infrastructure.adapter.out.accounts;

import io.attest.gateway.application.message.port.out.SenderNumberPort;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import io.attest.gateway.infrastructure.config.AccountsProperties;
import org.springframework.stereotype.Component;

/** Sender numbers per account from configuration. An account with none configured may send from none. */
@Component
class ConfiguredSenderNumbersAdapter implements SenderNumberPort {

    private final AccountsProperties properties;

    ConfiguredSenderNumbersAdapter(AccountsProperties properties) {
        this.properties = properties;
    }

    @Override
    public boolean isSenderOf(AccountId accountId, PhoneNumber number) {
        AccountsProperties.Account account = properties.accounts().get(accountId.value());
        return account != null && account.senderNumbers().contains(number.e164());
    }
}
