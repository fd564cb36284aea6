package io.attest.gateway.domain.message;

/**
 * A receipt for one segment of a message sent as concatenated segments, which did not decide the message by
 * itself: a segment delivered while others are still out, or a late segment's receipt after the message was
 * decided. The message is delivered when every segment is, and failed (or expired) at the first that is not.
 *
 * @param segment 1-based, of {@code segments}
 */
public record SegmentReceiptRecorded(MessageId messageId, int segment, int segments, DeliveryReceipt receipt)
        implements MessageEvent {
}
