package io.attest.gateway.infrastructure.support;

import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataCoding;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.InterfaceVersion;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** An SMPP client application over real TCP (jsmpp's client side), keeping every deliver_sm it is sent. */
public final class SmppTestClient implements AutoCloseable {

    private final SMPPSession session;
    private final List<DeliverSm> received = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger refusing = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger enquireLinks = new java.util.concurrent.atomic.AtomicInteger();

    /** How many enquire_link the server sent this client. */
    public int enquireLinks() {
        return enquireLinks.get();
    }


    /** Answers the next {@code count} deliver_sm with ESME_RX_T_APPN, as a client that cannot take them yet. */
    public void refuseNext(int count) {
        refusing.set(count);
    }

    private SmppTestClient(SMPPSession session) {
        this.session = session;
    }

    public static SmppTestClient bind(int port, BindType type, String systemId, String password) throws IOException {
        return bind(port, type, systemId, password, InterfaceVersion.IF_34);
    }

    public static SmppTestClient bind(int port, BindType type, String systemId, String password,
                                      InterfaceVersion version) throws IOException {
        return bind(new SMPPSession(), port, type, systemId, password, version);
    }

    /** Binds over TLS, trusting what {@code tls} trusts. */
    public static SmppTestClient bindOverTls(javax.net.ssl.SSLContext tls, int port, BindType type, String systemId,
                                             String password) throws IOException {
        return bind(new SMPPSession((host, to) -> new org.jsmpp.session.connection.socket.SocketConnection(
                tls.getSocketFactory().createSocket(host, to))), port, type, systemId, password, InterfaceVersion.IF_34);
    }

    private static SmppTestClient bind(SMPPSession session, int port, BindType type, String systemId, String password,
                                       InterfaceVersion version) throws IOException {
        SmppTestClient client = new SmppTestClient(session);
        client.session.setTransactionTimer(10_000);
        client.session.setMessageReceiverListener(new MessageReceiverListener() {
            @Override
            public void onAcceptDeliverSm(DeliverSm deliverSm) throws ProcessRequestException {
                if (client.refusing.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
                    throw new ProcessRequestException("not now", 0x64); // ESME_RX_T_APPN
                }
                client.received.add(deliverSm);
            }

            @Override
            public void onAcceptAlertNotification(AlertNotification alertNotification) {
            }

            @Override
            public void onAcceptEnquireLink(org.jsmpp.bean.EnquireLink enquireLink, Session source) {
                client.enquireLinks.incrementAndGet();
            }

            @Override
            public DataSmResult onAcceptDataSm(DataSm dataSm, Session source) throws ProcessRequestException {
                throw new ProcessRequestException("not taken", 0x03);
            }
        });
        client.session.connectAndBind("127.0.0.1", port, new BindParameter(type, systemId, password, "",
                TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null, version), 10_000);
        return client;
    }

    /** Submits text; the message id the gateway answered with. */
    public String submit(String from, String to, byte registeredDelivery, DataCoding coding, byte[] text,
                         OptionalParameter... tlvs) throws Exception {
        return submit(from, to, registeredDelivery, coding, new ESMClass(), null, text, tlvs);
    }

    public String submit(String from, String to, byte registeredDelivery, DataCoding coding, ESMClass esm,
                         String validity, byte[] text, OptionalParameter... tlvs) throws Exception {
        return session.submitShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, digits(from),
                TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, digits(to), esm, (byte) 0, (byte) 1, null,
                validity, new RegisteredDelivery(registeredDelivery), (byte) 0, coding, (byte) 0, text, tlvs)
                .getMessageId();
    }

    /** The command_status of the submit's refusal, or 0 when it was taken. */
    public int statusOf(ThrowingSubmit submit) throws Exception {
        try {
            submit.run();
            return 0;
        } catch (NegativeResponseException refused) {
            return refused.getCommandStatus();
        }
    }

    public SMPPSession session() {
        return session;
    }

    public List<DeliverSm> received() {
        return List.copyOf(received);
    }

    /** The receipt of this message, waited for within the bound. */
    public DeliverSm awaitReceipt(String messageId, Duration bound) {
        return Eventually.await(bound, "receipt of " + messageId, () -> received.stream()
                .filter(DeliverSm::isSmscDeliveryReceipt).filter(d -> messageId.equals(receiptedId(d))).findFirst());
    }

    public static String receiptedId(DeliverSm deliverSm) {
        OptionalParameter tlv = deliverSm.getOptionalParameter(OptionalParameter.Tag.RECEIPTED_MESSAGE_ID);
        return tlv instanceof OptionalParameter.COctetString text ? text.getValueAsString() : null;
    }

    public Optional<DeliverSm> find(java.util.function.Predicate<DeliverSm> which) {
        return received.stream().filter(which).findFirst();
    }

    private static String digits(String e164) {
        return e164.startsWith("+") ? e164.substring(1) : e164;
    }

    @Override
    public void close() {
        session.unbindAndClose();
    }

    @FunctionalInterface
    public interface ThrowingSubmit {
        void run() throws Exception;
    }
}
