package io.attest.gateway.infrastructure.adapter.in.smpp;

import io.attest.gateway.application.inbound.port.in.ReceiveInboundMessageUseCase;
import io.attest.gateway.application.inbound.port.in.ReceiveInboundSegmentUseCase;
import io.attest.gateway.application.message.port.in.RecordDeliveryReceiptUseCase;
import io.attest.gateway.domain.message.CarrierMessageId;
import io.attest.gateway.domain.message.DeliveryReceipt;
import io.attest.gateway.domain.shared.PhoneNumber;
import io.attest.gateway.infrastructure.smpp.CarrierAddress;
import io.attest.gateway.infrastructure.smpp.ShortMessageBody;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.MessageType;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.Session;
import org.jsmpp.util.InvalidDeliveryReceiptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * What a carrier's SMSC delivers on the gateway's binds (deliver_sm): delivery receipts, recorded through the receipt
 * use case under the connection's id prefix, and subscribers' messages, decoded and recorded through the inbound use
 * cases. Each is recorded before the deliver_sm is acknowledged; when recording fails the SMSC is told to keep it and
 * send it again (ESME_RX_T_APPN). The inbound side of the SMPP client: the outbound adapter's binds hand it what they
 * receive.
 */
public final class CarrierDeliveries implements MessageReceiverListener {

    private static final Logger log = LoggerFactory.getLogger(CarrierDeliveries.class);
    /** ESME_RX_T_APPN: "temporary application error", the SMSC keeps the PDU and retries. */
    static final int ESME_RX_T_APPN = 0x00000064;

    private final String idPrefix;
    private final RecordDeliveryReceiptUseCase receipts;
    private final ReceiveInboundMessageUseCase inbound;
    private final ReceiveInboundSegmentUseCase segments;
    private final boolean gsm7Packed;

    /**
     * @param idPrefix   the connection's prefix of carrier message ids (empty for the first connection)
     * @param segments   where parts of concatenated inbound messages wait for one another; null to take each part as
     *                   a message of its own
     * @param gsm7Packed whether the SMSC packs GSM-7 text (gateway.smpp.gsm7-packed)
     */
    public CarrierDeliveries(String idPrefix, RecordDeliveryReceiptUseCase receipts, ReceiveInboundMessageUseCase inbound,
                             ReceiveInboundSegmentUseCase segments, boolean gsm7Packed) {
        this.idPrefix = idPrefix;
        this.receipts = receipts;
        this.inbound = inbound;
        this.segments = segments;
        this.gsm7Packed = gsm7Packed;
    }


        @Override
        public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
            if (!MessageType.SMSC_DEL_RECEIPT.containedIn(deliverSm.getEsmClass())) {
                receiveInbound(deliverSm);
                return;
            }
            Optional<DeliveryReceipt> receipt;
            try {
                receipt = ReceiptParser.parse(deliverSm);
            } catch (InvalidDeliveryReceiptException e) {
                log.warn("unreadable delivery receipt refused: {}", e.getMessage());
                throw new ProcessRequestException("unreadable delivery receipt", SMPPConstant.STAT_ESME_RINVMSGLEN);
            }
            if (receipt.isEmpty()) {
                log.debug("intermediate receipt ignored");
                return;
            }
            DeliveryReceipt named = idPrefix.isEmpty() ? receipt.get() : new DeliveryReceipt(
                    CarrierMessageId.of(idPrefix + receipt.get().carrierMessageId().value()), receipt.get().outcome(),
                    receipt.get().carrierStatus(), receipt.get().carrierError(), receipt.get().carrierDoneAt());
            try {
                receipts.record(named);
            } catch (RuntimeException e) {
                log.error("receipt for {} could not be recorded; the SMSC will resend it",
                        receipt.get().carrierMessageId(), e);
                throw new ProcessRequestException("receipt not recorded", ESME_RX_T_APPN);
            }
        }

        /**
         * A subscriber's message: decoded by its data_coding and handed to the inbound use case, which records
         * it before this returns; a segment of a concatenated message is stored with the others of its message until
         * it is whole. If that fails, the SMSC is told to keep it and retry (ESME_RX_T_APPN).
         */
        private void receiveInbound(DeliverSm deliverSm) throws ProcessRequestException {
            PhoneNumber from;
            PhoneNumber to;
            try {
                from = CarrierAddress.fromCarrier(deliverSm.getSourceAddr(), deliverSm.getSourceAddrTon());
                to = CarrierAddress.fromCarrier(deliverSm.getDestAddress(), deliverSm.getDestAddrTon());
            } catch (RuntimeException e) {
                log.warn("inbound message with unusable addresses refused: {} -> {}", deliverSm.getSourceAddr(),
                        deliverSm.getDestAddress());
                throw new ProcessRequestException("invalid address", SMPPConstant.STAT_ESME_RINVSRCADR);
            }
            ShortMessageBody message = ShortMessageBody.of(deliverSm);
            int reference = message.header().reference();
            int total = message.header().total();
            int sequence = message.header().sequence();
            // a NUL a handset sent in UCS-2 becomes U+FFFD: PostgreSQL text cannot hold one
            String text = message.decodedText(deliverSm.getDataCoding(), gsm7Packed)
                    .replace('\u0000', '\uFFFD');
            try {
                if (total > 1 && segments != null) { // the segment use case takes a nonsensical sequence as a text of its own
                    segments.receive(from, to, reference, total, sequence, text);
                } else {
                    inbound.receive(from, to, text);
                }
            } catch (RuntimeException e) {
                log.error("inbound message from {} to {} could not be recorded; the SMSC will resend it", from, to, e);
                throw new ProcessRequestException("inbound message not recorded", ESME_RX_T_APPN);
            }
        }

        @Override
        public void onAcceptAlertNotification(AlertNotification alertNotification) {
            log.debug("alert_notification ignored");
        }

        @Override
        public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
            throw new ProcessRequestException("data_sm is not supported", SMPPConstant.STAT_ESME_RINVCMDID);
        }
}
