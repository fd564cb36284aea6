package io.attest.gateway.infrastructure.adapter.in.smpp;

import io.attest.gateway.domain.message.CarrierMessageId;
import io.attest.gateway.domain.message.DeliveryReceipt;
import io.attest.gateway.domain.message.ReceiptOutcome;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.MessageState;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.InvalidDeliveryReceiptException;

import java.util.Optional;

/**
 * Reads a delivery receipt from a deliver_sm. The receipted_message_id and message_state TLVs win over
 * the receipt text (SMPP 3.4 §5.3.2.12 and §5.3.2.35); the text ("id:... stat:DELIVRD err:000 ...") is the
 * fallback many SMSCs still rely on. Intermediate states (ENROUTE, ACCEPTD, UNKNOWN) are not final and
 * yield nothing.
 */
final class ReceiptParser {

    private ReceiptParser() {
    }

    static Optional<DeliveryReceipt> parse(DeliverSm deliverSm) throws InvalidDeliveryReceiptException {
        org.jsmpp.bean.DeliveryReceipt text = receiptText(deliverSm);
        OptionalParameter.Receipted_message_id idTlv =
                deliverSm.getOptionalParameter(OptionalParameter.Receipted_message_id.class);
        OptionalParameter.Message_state stateTlv = deliverSm.getOptionalParameter(OptionalParameter.Message_state.class);

        String carrierId = idTlv != null ? idTlv.getValueAsString() : text == null ? null : text.getId();
        if (carrierId == null || carrierId.isBlank()) {
            throw new InvalidDeliveryReceiptException("receipt names no message id", null);
        }
        DeliveryReceiptState textState = text == null ? null : text.getFinalStatus();
        Optional<ReceiptOutcome> outcome = stateTlv != null
                ? outcomeOf(MessageState.valueOf(stateTlv.getValue()))
                : textState == null ? Optional.empty() : outcomeOf(textState);
        String status = textState != null ? textState.name()
                : stateTlv != null ? MessageState.valueOf(stateTlv.getValue()).name() : null;
        String error = text == null ? null : text.getError();
        String doneAt = text == null || text.getDoneDate() == null ? null
                : new java.text.SimpleDateFormat("yyMMddHHmm").format(text.getDoneDate());
        return outcome.map(o -> new DeliveryReceipt(CarrierMessageId.of(carrierId), o, status, error, doneAt));
    }

    private static org.jsmpp.bean.DeliveryReceipt receiptText(DeliverSm deliverSm) {
        if (deliverSm.getShortMessage() == null || deliverSm.getShortMessage().length == 0) {
            return null;
        }
        try {
            return deliverSm.getShortMessageAsDeliveryReceipt();
        } catch (InvalidDeliveryReceiptException e) {
            return null; // the TLVs may still name the message
        }
    }

    static Optional<ReceiptOutcome> outcomeOf(MessageState state) {
        return switch (state) {
            case DELIVERED -> Optional.of(ReceiptOutcome.DELIVERED);
            case UNDELIVERABLE -> Optional.of(ReceiptOutcome.UNDELIVERABLE);
            case REJECTED -> Optional.of(ReceiptOutcome.REJECTED);
            case DELETED -> Optional.of(ReceiptOutcome.DELETED);
            case EXPIRED -> Optional.of(ReceiptOutcome.EXPIRED);
            default -> Optional.empty();
        };
    }

    static Optional<ReceiptOutcome> outcomeOf(DeliveryReceiptState state) {
        return switch (state) {
            case DELIVRD -> Optional.of(ReceiptOutcome.DELIVERED);
            case UNDELIV -> Optional.of(ReceiptOutcome.UNDELIVERABLE);
            case REJECTD -> Optional.of(ReceiptOutcome.REJECTED);
            case DELETED -> Optional.of(ReceiptOutcome.DELETED);
            case EXPIRED -> Optional.of(ReceiptOutcome.EXPIRED);
            default -> Optional.empty();
        };
    }
}
