package io.attest.gateway.domain.message;

/** The carrier's SMSC acknowledged the submit_sm and named the message by its own id. */
public record MessageSubmitted(MessageId messageId, CarrierMessageId carrierMessageId) implements MessageEvent {
}
