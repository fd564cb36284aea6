package io.attest.gateway.application.compliance.port.out;

import io.attest.gateway.domain.shared.PhoneNumber;

/**
 * A lock per recipient shared by every gateway node on the database, held until the current transaction ends. Send
 * decisions that count earlier sends (frequency caps) take it before they count and record within the same
 * transaction, so two nodes deciding on one recipient at once decide one after the other: the second count includes
 * the first send.
 */
public interface RecipientLockPort {

    /** Waits for the recipient's lock and holds it until the current transaction commits or rolls back. */
    void lockUntilTransactionEnds(PhoneNumber recipient);
}
