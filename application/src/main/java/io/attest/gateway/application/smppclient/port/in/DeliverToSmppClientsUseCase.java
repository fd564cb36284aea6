package io.attest.gateway.application.smppclient.port.in;

import io.attest.gateway.domain.shared.AccountId;

/**
 * Hands an account's receipts and inbound messages to its bound SMPP clients, in the order of its event feed, each
 * once. What no client has acknowledged stays where it is until a client binds again.
 */
public interface DeliverToSmppClientsUseCase {

    /** Delivers what is pending for the account to its bound receivers; how many were acknowledged. */
    int deliverPending(AccountId account);
}
