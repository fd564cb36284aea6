package io.attest.gateway.application.smppclient.port.out;

import io.attest.gateway.application.smppclient.port.in.SubmitFromSmppClientUseCase.Address;

import java.time.Instant;
import java.util.List;

/** The SMPP clients bound to this node that can receive (receiver and transceiver binds). */
public interface SmppClientSessionsPort {

    boolean canReceive(String accountId);

    /**
     * Sends the deliveries in order to the account's receiving binds; returns how many, from the first, were
     * acknowledged (a failure stops there, and the rest are tried again later).
     */
    int deliver(String accountId, List<ClientDelivery> deliveries);

    sealed interface ClientDelivery {
    }

    enum Outcome { DELIVERED, FAILED, EXPIRED }

    /**
     * @param feedData    the event's details as the feed shows them (JSON): the carrier's status and error
     * @param source      the receipt's source: the message's destination as the client wrote it
     * @param destination the receipt's destination: the message's source as the client wrote it
     */
    record Receipt(String messageId, Outcome outcome, String feedData, Instant submittedAt, Instant doneAt,
                   Address source, Address destination) implements ClientDelivery {
    }

    /** @param feedData the message.received event's details as the feed shows them (JSON): from, to, text */
    record Inbound(String messageId, String feedData, Instant receivedAt) implements ClientDelivery {
    }
}
