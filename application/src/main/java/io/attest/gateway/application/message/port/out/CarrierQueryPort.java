package io.attest.gateway.application.message.port.out;

import io.attest.gateway.domain.message.CarrierMessageId;
import io.attest.gateway.domain.message.ReceiptOutcome;

import java.util.Optional;

/** Asks the carrier's SMSC what became of a message it took (SMPP query_sm). */
public interface CarrierQueryPort {

    /**
     * @param source the sender number the message went from, as the SMSC knows it
     * @return the SMSC's answer; empty when no connection that took the message is up, or the SMSC does not answer
     * query_sm (not every SMSC does)
     */
    Optional<QueriedState> query(CarrierMessageId carrierMessageId, String source);

    /**
     * @param state     the SMSC's message_state, by its SMPP name (ENROUTE, DELIVERED, EXPIRED, ...)
     * @param outcome   the final outcome it means; null while the SMSC still holds the message (ENROUTE, ACCEPTED,
     *                  UNKNOWN, SKIPPED)
     * @param finalDate the SMSC's final_date, as it sent it; null when there is none
     */
    record QueriedState(String state, ReceiptOutcome outcome, String finalDate) {
    }
}
