package io.attest.gateway.domain.message;

import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;

/** Intention-revealing test data for the Message aggregate. */
final class MessageFixture {

    static final MessageId ID = MessageId.of("msg-1");
    static final AccountId ACCOUNT = AccountId.of("acme");
    static final PhoneNumber FROM = PhoneNumber.of("+15551234567");
    static final PhoneNumber TO = PhoneNumber.of("+15557654321");
    static final CarrierMessageId CARRIER_ID = CarrierMessageId.of("c0ffee01");
    static final String OTP = "Your code is 123456";

    private MessageFixture() {
    }

    static AcceptMessageCommand acceptOtp() {
        return new AcceptMessageCommand(ID, ACCOUNT, FROM, TO, MessageContent.of(OTP));
    }

    static MessageAccepted otpAccepted() {
        return new MessageAccepted(ID, ACCOUNT, FROM, TO, OTP, TextEncoding.GSM_7, 1);
    }

    static MessageSubmitted submitted() {
        return new MessageSubmitted(ID, CARRIER_ID);
    }

    static DeliveryReceipt receipt(ReceiptOutcome outcome, String stat, String err) {
        return new DeliveryReceipt(CARRIER_ID, outcome, stat, err, "2611251200");
    }

    static DeliveryReceipt delivered() {
        return receipt(ReceiptOutcome.DELIVERED, "DELIVRD", "000");
    }

    static DeliveryReceipt undeliverable() {
        return receipt(ReceiptOutcome.UNDELIVERABLE, "UNDELIV", "001");
    }

    static DeliveryReceipt expired() {
        return receipt(ReceiptOutcome.EXPIRED, "EXPIRED", "000");
    }
}
