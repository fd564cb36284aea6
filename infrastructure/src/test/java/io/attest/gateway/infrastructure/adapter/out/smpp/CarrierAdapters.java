package io.attest.gateway.infrastructure.adapter.out.smpp;

import io.attest.gateway.application.inbound.port.in.ReceiveInboundMessageUseCase;
import io.attest.gateway.application.inbound.port.in.ReceiveInboundSegmentUseCase;
import io.attest.gateway.application.message.port.in.RecordDeliveryReceiptUseCase;
import io.attest.gateway.infrastructure.adapter.in.smpp.CarrierDeliveries;

/** A carrier connection as the gateway wires it: its binds hand what the SMSC delivers to the inbound side. */
final class CarrierAdapters {

    private CarrierAdapters() {
    }

    static SmppCarrierAdapter of(SmppClientProperties properties, SmscEndpoint endpoint,
                                 RecordDeliveryReceiptUseCase receipts, ReceiveInboundMessageUseCase inbound) {
        return of(properties, endpoint, receipts, inbound, "primary", "");
    }

    static SmppCarrierAdapter of(SmppClientProperties properties, SmscEndpoint endpoint,
                                 RecordDeliveryReceiptUseCase receipts, ReceiveInboundMessageUseCase inbound,
                                 String name, String idPrefix) {
        return of(properties, endpoint, receipts, inbound, null, name, idPrefix);
    }

    static SmppCarrierAdapter of(SmppClientProperties properties, SmscEndpoint endpoint,
                                 RecordDeliveryReceiptUseCase receipts, ReceiveInboundMessageUseCase inbound,
                                 ReceiveInboundSegmentUseCase segments, String name, String idPrefix) {
        return new SmppCarrierAdapter(properties, endpoint,
                new CarrierDeliveries(idPrefix, receipts, inbound, segments, properties.gsm7Packed()), name, idPrefix);
    }
}
