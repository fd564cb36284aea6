package io.attest.gateway.application.inbound.port.in;

import io.attest.gateway.domain.shared.PhoneNumber;

/** One segment of a subscriber's concatenated message (user data header or SAR) arrived from a carrier. */
public interface ReceiveInboundSegmentUseCase {

    /**
     * Keeps the segment (once, however often the carrier sends it) and, when it completes its message, receives the
     * whole message as {@link ReceiveInboundMessageUseCase#receive} does. Returning normally means the carrier may be
     * told the segment was taken.
     *
     * @param reference the concatenation reference the handset chose
     * @param total     how many segments the message has
     * @param sequence  this segment's place, from 1
     */
    void receive(PhoneNumber from, PhoneNumber to, int reference, int total, int sequence, String text);
}
