package io.attest.gateway.domain.message;

import java.util.Objects;

/**
 * A carrier's delivery receipt as recorded: the outcome, and the carrier's own words for it.
 *
 * @param carrierStatus the receipt's stat field (DELIVRD, UNDELIV, EXPIRED, ...)
 * @param carrierError  the receipt's err field, the carrier's network error code ("000" when none)
 * @param carrierDoneAt the receipt's done date, YYMMDDhhmm in the SMSC's own time (receipts carry no zone), or null
 */
public record DeliveryReceipt(CarrierMessageId carrierMessageId, ReceiptOutcome outcome, String carrierStatus,
                              String carrierError, String carrierDoneAt) {

    public DeliveryReceipt {
        Objects.requireNonNull(carrierMessageId, "carrier message id");
        Objects.requireNonNull(outcome, "outcome");
    }
}
