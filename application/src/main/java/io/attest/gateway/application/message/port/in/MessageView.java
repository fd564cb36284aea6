package io.attest.gateway.application.message.port.in;

import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.message.TextEncoding;

import java.time.Instant;
import java.util.List;

/**
 * A message as its sender sees it: where it stands and how it got there.
 *
 * @param estimatedCost what it was expected to cost at acceptance; null when it was not priced
 * @param charged       what it was charged when the carrier took it; null until then, or when not priced
 */
public record MessageView(String messageId, String accountId, String from, String to, TextEncoding encoding,
                          int segments, MessageStatus status, String carrierMessageId, Instant acceptedAt,
                          Instant updatedAt, List<TimelineEntry> timeline,
                          io.attest.gateway.domain.cost.Money estimatedCost, io.attest.gateway.domain.cost.Money charged) {

    public MessageView(String messageId, String accountId, String from, String to, TextEncoding encoding,
                       int segments, MessageStatus status, String carrierMessageId, Instant acceptedAt,
                       Instant updatedAt, List<TimelineEntry> timeline) {
        this(messageId, accountId, from, to, encoding, segments, status, carrierMessageId, acceptedAt, updatedAt,
                timeline, null, null);
    }

    /**
     * One step of the delivery timeline.
     *
     * @param status the status the message reached, or the status it kept (for a recorded conflicting receipt)
     * @param event  the event that made the step (MessageAccepted, MessageSubmitted, ...)
     * @param detail the carrier's words: receipt stat/err, error code and reason; may be null
     * @param webhook for an attempt to deliver one of the message's events to a webhook: how it went; else null
     */
    public record TimelineEntry(long sequence, MessageStatus status, String event, Instant occurredAt,
                                String carrierMessageId, String detail, WebhookAttempt webhook) {

        public TimelineEntry(long sequence, MessageStatus status, String event, Instant occurredAt,
                             String carrierMessageId, String detail) {
            this(sequence, status, event, occurredAt, carrierMessageId, detail, null);
        }
    }

    /**
     * @param statusCode the receiver's HTTP status, null when it gave none
     * @param outcome    delivered, retrying, dead or disabled
     */
    public record WebhookAttempt(long deliveryId, int attempt, String eventType, String eventId, String url,
                                 Integer statusCode, long latencyMillis, String error, String outcome) {
    }
}
