package io.attest.gateway.application.smppclient.port.out;

import io.attest.gateway.application.smppclient.port.in.SubmitFromSmppClientUseCase.Address;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;

/** The messages SMPP clients submitted, with what their receipts need; written before the message is sent. */
public interface SmppClientMessagePort {

    void remember(SubmittedMessage message);

    /** Forgets a submit the send path refused as malformed: it recorded no message. */
    void forget(String messageId);

    /** The ones among these message ids that SMPP clients submitted. */
    Map<String, SubmittedMessage> find(Collection<String> messageIds);

    /** @param parts how many parts the client submitted it in: each gets a receipt of its own */
    record SubmittedMessage(String messageId, String accountId, String systemId, int registeredDelivery,
                            Address sourceAddress, Address destinationAddress, Instant submittedAt, int parts) {
    }
}
