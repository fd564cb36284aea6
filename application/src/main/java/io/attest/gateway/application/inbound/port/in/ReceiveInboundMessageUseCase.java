package io.attest.gateway.application.inbound.port.in;

import io.attest.gateway.domain.shared.PhoneNumber;

/** A subscriber's message (MO) arrived from a carrier for one of our numbers. */
public interface ReceiveInboundMessageUseCase {

    /**
     * Records the message and acts on what it asks (opt-out, opt-in, help) before returning; returning
     * normally means the carrier may be told it was taken.
     */
    void receive(PhoneNumber from, PhoneNumber to, String text);
}
