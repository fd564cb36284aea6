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
     * One part of a concatenated submit (a user data header or SAR TLVs). It is stored, and answered with its own id,
     * {@code <message id>.<part>}; the part that completes its set sends the whole text as one message, decoded from
     * the parts' octets in order, and its answer is that message's.
     *
     * @param submit the part's submit; its text is not used
     * @param decode the text of the parts' octets, joined in order, by the data_coding of the first
     */
    PartAnswer submitPart(Credential credential, Submit submit, Part part,
                          java.util.function.BiFunction<byte[], Byte, String> decode);

    /** @param octets the part's user data after its header, still encoded */
    record Part(int reference, int total, int sequence, byte[] octets, byte dataCoding) {
    }

    /**
     * @param partId   the id to answer the part with
     * @param accepted the message, when this part completed it; null for a part that waits for the others
     */
    record PartAnswer(String partId, AcceptedMessage accepted) {
    }

    /** The id a part of a concatenated message is answered with, and its receipt carries. */
    static String partId(String messageId, int sequence) {
        return messageId + "." + sequence;
    }

    /**
     * @param from               the sender as E.164
     * @param to                 the recipient as E.164
     * @param registeredDelivery the submit's registered_delivery: its low two bits say which receipts the client wants
     * @param sourceAddress      the source address as the client wrote it, for the receipt's destination
     * @param destinationAddress the destination address as the client wrote it, for the receipt's source
     * @param validFor           from the submit's validity_period, counted from when it is due; null for the default
     * @param sendAt             from the submit's schedule_delivery_time; null to send now
     */
    record Submit(String from, String to, String text, int registeredDelivery, Address sourceAddress,
                  Address destinationAddress, Duration validFor, java.time.Instant sendAt) {
    }

    record Address(String digits, byte ton, byte npi) {
    }
}
