package io.attest.gateway.domain.message;

/** Everything that happens to one outbound message. A switch over these is exhaustive. */
public sealed interface MessageEvent
        permits MessageAccepted, MessageCleared, MessageBlocked, MessageHeld, MessageReleased, MessageSubmissionAttempted, MessageSubmitted, MessageSubmissionFailed, MessageDelivered, MessageDeliveryFailed,
        MessageExpired, ConflictingReceiptRecorded, SegmentReceiptRecorded, MessageSubmissionNotTaken, MessageScheduled,
        MessageCancelled {

    MessageId messageId();
}
