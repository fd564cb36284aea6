package io.attest.gateway.application.compliance.port.out;

import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;

import java.time.Instant;

/** How many messages an account sent (or holds to send) to one recipient since a moment, for the velocity rule. */
public interface RecipientSendCountPort {

    /** @param excluding a message not to count (the held one being decided again), or null */
    int countSince(AccountId account, PhoneNumber recipient, Instant since, MessageId excluding);

    /** Forgets the sends accepted before a moment: no window reaches back that far. @return how many */
    int forgetBefore(Instant before);
}
