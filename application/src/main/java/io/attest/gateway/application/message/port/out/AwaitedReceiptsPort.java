package io.attest.gateway.application.message.port.out;

import io.attest.gateway.domain.message.MessageId;

import java.time.Instant;
import java.util.List;

/** The submitted messages still waiting for their receipt, and when the gateway last asked the SMSC about each. */
public interface AwaitedReceiptsPort {

    /**
     * Messages still submitted since before {@code submittedBefore} and not asked about since {@code notAskedSince},
     * the longest waiting first.
     */
    List<MessageId> awaitingReceipt(Instant submittedBefore, Instant notAskedSince, int limit);

    /** The gateway asked about the message at this time. */
    void asked(MessageId messageId, Instant at);

    /** Forgets when messages that are no longer waiting were asked about. */
    void forgetAnswered();
}
