package io.attest.gateway.application.message.port.in;

import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.message.TextEncoding;

import java.time.Instant;
import java.util.List;

/** A message as its sender sees it: where it stands and how it got there. */
public record MessageView(String messageId, String accountId, String from, String to, TextEncoding encoding,
                          int segments, MessageStatus status, String carrierMessageId, Instant acceptedAt,
                          Instant updatedAt, List<TimelineEntry> timeline) {

    /**
     * One step of the delivery timeline.
     *
     * @param status the status the message reached, or the status it kept (for a recorded conflicting receipt)
     * @param event  the event that made the step (MessageAccepted, MessageSubmitted, ...)
     * @param detail the carrier's words: receipt stat/err, error code and reason; may be null
     */
    public record TimelineEntry(long sequence, MessageStatus status, String event, Instant occurredAt,
                                String carrierMessageId, String detail) {
    }
}
