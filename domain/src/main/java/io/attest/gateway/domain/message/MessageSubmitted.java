package io.attest.gateway.domain.message;

/**
 * The carrier's SMSC acknowledged the submit_sm and named the message by its own id.
 *
 * @param route the routing decision: which carrier connection took it and why (its route, a failover); null when
 *              it was not recorded
 * @param charge what the message was charged: the route taken, every segment, the rate card in force when the
 *               carrier took it; null when it was not priced (recorded before messages were priced)
 */
public record MessageSubmitted(MessageId messageId, CarrierMessageId carrierMessageId, String route,
                               java.util.List<CarrierMessageId> segmentIds,
                               io.attest.gateway.domain.cost.MessageCost charge) implements MessageEvent {

    /** @param segmentIds the carrier's id of each segment, in order, for a message sent as concatenated segments */
    public MessageSubmitted {
        segmentIds = segmentIds == null || segmentIds.size() < 2 ? java.util.List.of() : java.util.List.copyOf(segmentIds);
    }

    public MessageSubmitted(MessageId messageId, CarrierMessageId carrierMessageId, String route,
                            java.util.List<CarrierMessageId> segmentIds) {
        this(messageId, carrierMessageId, route, segmentIds, null);
    }

    public MessageSubmitted(MessageId messageId, CarrierMessageId carrierMessageId, String route) {
        this(messageId, carrierMessageId, route, null, null);
    }

    public MessageSubmitted(MessageId messageId, CarrierMessageId carrierMessageId) {
        this(messageId, carrierMessageId, null, null, null);
    }

    /** How many segments it went in: 1 unless sent as concatenated segments. */
    public int segments() {
        return Math.max(1, segmentIds.size());
    }

    /** Sent as concatenated segments, each with its own carrier id and receipt. */
    public boolean multipart() {
        return !segmentIds.isEmpty();
    }
}
