package io.attest.gateway.domain.message;

/**
 * The carrier's SMSC acknowledged the submit_sm and named the message by its own id.
 *
 * @param route the routing decision: which carrier connection took it and why (its route, a failover); null when
 *              it was not recorded
 */
public record MessageSubmitted(MessageId messageId, CarrierMessageId carrierMessageId, String route)
        implements MessageEvent {

    public MessageSubmitted(MessageId messageId, CarrierMessageId carrierMessageId) {
        this(messageId, carrierMessageId, null);
    }
}
