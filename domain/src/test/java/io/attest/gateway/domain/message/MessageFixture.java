package io.attest.gateway.domain.message;

import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.compliance.ComplianceDecision;
import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.domain.shared.AccountId;

import java.time.Instant;
import java.util.List;
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

    static final CampaignId CAMPAIGN = CampaignId.of("acme-otp");
    static final Instant DECIDED_AT = Instant.parse("2026-11-25T12:00:00Z");
    static final Instant VALID_UNTIL = Instant.parse("2026-11-27T12:00:00Z");
    static final ComplianceDecision.Allowed ALLOWED =
            new ComplianceDecision.Allowed(List.of("consent.missing"), "inputs");

    static AcceptMessageCommand acceptOtp() {
        return accept(OTP, ALLOWED);
    }

    static AcceptMessageCommand accept(String text, ComplianceDecision decision) {
        return new AcceptMessageCommand(ID, ACCOUNT, FROM, TO, MessageContent.of(text), CAMPAIGN,
                UseCase.TWO_FACTOR_AUTHENTICATION, MessagePurpose.CLIENT, decision, DECIDED_AT, VALID_UNTIL);
    }

    static MessageAccepted otpAccepted() {
        return accepted(OTP, TextEncoding.GSM_7, 1);
    }

    static MessageAccepted accepted(String text, TextEncoding encoding, int segments) {
        return new MessageAccepted(ID, ACCOUNT, FROM, TO, text, encoding, segments, CAMPAIGN,
                UseCase.TWO_FACTOR_AUTHENTICATION, MessagePurpose.CLIENT, DECIDED_AT, VALID_UNTIL);
    }

    static MessageCleared cleared() {
        return new MessageCleared(ID, ALLOWED.checks(), ALLOWED.inputs());
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
