package io.attest.gateway.application.message.port.out;

import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;

/** Which sender numbers an account may send from. */
public interface SenderNumberPort {

    boolean isSenderOf(AccountId accountId, PhoneNumber number);
}
