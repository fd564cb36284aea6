package io.attest.gateway.application.message.port.out;

import io.attest.gateway.domain.message.CarrierMessageId;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.TextEncoding;

/** Hands one message to a carrier's SMSC and reports what the SMSC answered. */
public interface SubmitToCarrierPort {

    /** Whether a carrier connection is up to take a message now. */
    boolean canSubmit();

    /** The carrier connection a message to this destination would go through now (for its price); null if none. */
    default String expectedConnection(String destination) {
        return null;
    }

    /** Whether a carrier connection that routes this destination is up now. */
    default boolean canSubmit(String destination) {
        return canSubmit();
    }

    /**
     * @throws CarrierUnavailableException   when no carrier connection can take the message now; the
     *                                       message has not been handed over and may be retried
     * @throws SubmitOutcomeUnknownException when the submit went out but no answer came back
     */
    SubmissionResult submit(OutboundSms sms);

    record OutboundSms(MessageId messageId, String from, String to, String text, TextEncoding encoding) {
    }

    sealed interface SubmissionResult {
    }

    /**
     * The SMSC took the message and named it.
     *
     * @param route      which carrier connection took it and why; null when there is only one way
     * @param connection the name of the carrier connection that took it (what prices it); null when not known
     */
    record Submitted(CarrierMessageId carrierMessageId, String route, java.util.List<CarrierMessageId> segmentIds,
                     String connection) implements SubmissionResult {

        /** @param segmentIds each segment's carrier id, in order, when sent as concatenated segments; else empty */
        public Submitted {
            segmentIds = segmentIds == null ? java.util.List.of() : java.util.List.copyOf(segmentIds);
        }

        public Submitted(CarrierMessageId carrierMessageId, String route, java.util.List<CarrierMessageId> segmentIds) {
            this(carrierMessageId, route, segmentIds, null);
        }

        public Submitted(CarrierMessageId carrierMessageId, String route) {
            this(carrierMessageId, route, null, null);
        }

        public Submitted(CarrierMessageId carrierMessageId) {
            this(carrierMessageId, null, null, null);
        }
    }

    /** The SMSC refused the message for good; retrying would not help. */
    record Refused(String errorCode, String reason) implements SubmissionResult {
    }

    /** No carrier took the message: it was not handed over, and may be retried without risk of a duplicate. */
    class CarrierUnavailableException extends RuntimeException {
        public CarrierUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The submit may have reached the SMSC, but its answer was lost: whether the message was taken is unknown. */
    class SubmitOutcomeUnknownException extends CarrierUnavailableException {
        public SubmitOutcomeUnknownException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
