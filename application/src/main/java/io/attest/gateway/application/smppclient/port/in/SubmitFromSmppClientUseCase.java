package io.attest.gateway.application.smppclient.port.in;

import io.attest.gateway.application.message.port.in.SendMessageUseCase.AcceptedMessage;
import io.attest.gateway.application.smppclient.port.in.ManageSmppCredentialsUseCase.Credential;

import java.time.Duration;

/**
 * A submit_sm of a bound SMPP client: sent through the same path as {@code POST /v1/messages} (sender, compliance,
 * recording, audit trail, webhooks, feed), and remembered as the client's, so that its receipt goes back to the
 * client's binds when it asked for one.
 */
public interface SubmitFromSmppClientUseCase {

    AcceptedMessage submit(Credential credential, Submit submit);

    /**
     * @param from               the sender as E.164
     * @param to                 the recipient as E.164
     * @param registeredDelivery the submit's registered_delivery: its low two bits say which receipts the client wants
     * @param sourceAddress      the source address as the client wrote it, for the receipt's destination
     * @param destinationAddress the destination address as the client wrote it, for the receipt's source
     * @param validFor           from the submit's validity_period; null for the gateway's default
     */
    record Submit(String from, String to, String text, int registeredDelivery, Address sourceAddress,
                  Address destinationAddress, Duration validFor) {
    }

    record Address(String digits, byte ton, byte npi) {
    }
}
