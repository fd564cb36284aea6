package io.attest.gateway.infrastructure.adapter.out.smpp;

import io.attest.gateway.application.inbound.port.in.ReceiveInboundMessageUseCase;
import io.attest.gateway.application.message.port.in.RecordDeliveryReceiptUseCase;
import io.attest.gateway.domain.shared.PhoneNumber;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.SubmitOutcomeUnknownException;
import io.attest.gateway.domain.message.CarrierMessageId;
import io.attest.gateway.domain.message.DeliveryReceipt;
import io.attest.gateway.domain.message.Gsm7Alphabet;
import io.attest.gateway.domain.message.TextEncoding;
import org.jsmpp.InvalidResponseException;
import org.jsmpp.PDUException;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.AlertNotification;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliverSm;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.SMSCDeliveryReceipt;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.ResponseTimeoutException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindParameter;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.MessageReceiverListener;
import org.jsmpp.session.SMPPSession;
import org.jsmpp.session.Session;
import org.jsmpp.util.InvalidDeliveryReceiptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One transceiver bind to the carrier's SMSC: submits messages, takes delivery receipts. Binds at start-up
 * and re-binds after a lost connection; unbinds on shutdown.
 *
 * <p>Inbound messages (MO) are decoded and handed to the inbound use case before the deliver_sm is
 * acknowledged. A text longer than one segment goes as concatenated submit_sm (a user data header by default, SAR
 * TLVs, or whole in message_payload when the connection says so), each segment with its own id and receipt.
 */
public class SmppCarrierAdapter implements SubmitToCarrierPort, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SmppCarrierAdapter.class);
    /** ESME_RX_T_APPN: "temporary application error", the SMSC keeps the PDU and retries. */
    static final int ESME_RX_T_APPN = 0x00000064;

    private final SmppClientProperties properties;
    private final SmscEndpoint endpoint;
    private final RecordDeliveryReceiptUseCase receipts;
    private final ReceiveInboundMessageUseCase inbound;
    private final AtomicReference<SMPPSession> session = new AtomicReference<>();
    private volatile ScheduledExecutorService binder;
    private volatile boolean running;
    private volatile String lastBindError;
    private final SubmitPacer pacer;
    private final String name;
    private final String idPrefix;
    private final Multipart multipart;
    private final java.util.concurrent.atomic.AtomicInteger nextReference =
            new java.util.concurrent.atomic.AtomicInteger(new java.util.Random().nextInt(256));

    /**
     * How a text longer than one segment travels: as concatenated submit_sm with a user data header (8-bit
     * reference, the default), with SAR TLVs, or whole in one submit_sm's message_payload for the SMSC to cut.
     */
    public enum Multipart { UDH, SAR, PAYLOAD }
    /** How long one submit is retried on the paced bind after throttled answers, before the message waits for the processor. */
    static final long THROTTLED_RETRY_NANOS = 3_000_000_000L;

    public SmppCarrierAdapter(SmppClientProperties properties, SmscEndpoint endpoint,
                              RecordDeliveryReceiptUseCase receipts, ReceiveInboundMessageUseCase inbound) {
        this(properties, endpoint, receipts, inbound, "primary", "");
    }

    /**
     * @param name     the connection's name, for routing decisions, health and metrics
     * @param idPrefix put before every carrier message id of this connection (such as {@code b:}), so ids of
     *                 different SMSCs never collide; empty for the first connection
     */
    public SmppCarrierAdapter(SmppClientProperties properties, SmscEndpoint endpoint,
                              RecordDeliveryReceiptUseCase receipts, ReceiveInboundMessageUseCase inbound,
                              String name, String idPrefix) {
        this.name = name;
        this.idPrefix = idPrefix;
        this.multipart = properties.multipartMode();
        this.properties = properties;
        this.endpoint = endpoint;
        this.receipts = receipts;
        this.inbound = inbound;
        this.pacer = new SubmitPacer(properties.maxSubmitsPerSecond(), System::nanoTime);
    }

    public String name() {
        return name;
    }

    /** The rate submits are paced at now, per second; infinite when nothing paces them. */
    public double pacedRate() {
        return pacer.currentRate();
    }

    @Override
    public SubmissionResult submit(OutboundSms sms) {
        SMPPSession bound = session.get();
        if (bound == null || !bound.getSessionState().isBound()) {
            throw new CarrierUnavailableException("no bind to " + endpoint.host() + ":" + endpoint.port() + " is up", null);
        }
        boolean ucs2 = sms.encoding() == TextEncoding.UCS_2;
        java.util.List<String> parts = io.attest.gateway.domain.message.MessageContent.measure(sms.text()).segmentTexts();
        if (parts.size() == 1 || multipart == Multipart.PAYLOAD) {
            byte[] body = encode(sms.text(), ucs2);
            boolean payloadTlv = parts.size() > 1;
            return submitWithRetries(bound, sms, ucs2, payloadTlv ? new byte[0] : body, new ESMClass(),
                    payloadTlv ? new OptionalParameter[] {new OptionalParameter.Message_payload(body)}
                            : new OptionalParameter[0]);
        }
        int total = parts.size();
        int reference = nextReference.getAndIncrement() & (multipart == Multipart.UDH ? 0xff : 0xffff);
        java.util.List<CarrierMessageId> ids = new java.util.ArrayList<>();
        for (int i = 0; i < total; i++) {
            byte[] body = encode(parts.get(i), ucs2);
            SubmissionResult result;
            try {
            if (multipart == Multipart.UDH) {
                byte[] udh = {0x05, 0x00, 0x03, (byte) reference, (byte) total, (byte) (i + 1)};
                byte[] message = new byte[udh.length + body.length];
                System.arraycopy(udh, 0, message, 0, udh.length);
                System.arraycopy(body, 0, message, udh.length, body.length);
                result = submitWithRetries(bound, sms, ucs2, message, new ESMClass((byte) 0x40), new OptionalParameter[0]);
            } else {
                result = submitWithRetries(bound, sms, ucs2, body, new ESMClass(), new OptionalParameter[] {
                        new OptionalParameter.Sar_msg_ref_num((short) reference),
                        new OptionalParameter.Sar_total_segments((byte) total),
                        new OptionalParameter.Sar_segment_seqnum((byte) (i + 1))});
            }
            } catch (SubmitOutcomeUnknownException unknown) {
                throw unknown;
            } catch (CarrierUnavailableException notTaken) {
                if (i == 0) {
                    throw notTaken; // nothing of the message was taken
                }
                // earlier segments were taken: sending the message again may duplicate them
                throw new SubmitOutcomeUnknownException(notTaken.getMessage() + " (segment " + (i + 1) + " of " + total
                        + "; the segments before it were taken)", notTaken);
            }
            switch (result) {
                case Submitted submitted -> ids.add(submitted.carrierMessageId());
                case Refused refused -> {
                    return new Refused(refused.errorCode(), refused.reason() + (i == 0 ? ""
                            : " (segment " + (i + 1) + " of " + total + "; " + (i == 1 ? "segment 1 was"
                            : "segments 1 to " + i + " were") + " taken and may reach the handset on their own)"));
                }
            }
        }
        return new Submitted(ids.getFirst(), null, ids);
    }

    private static byte[] encode(String text, boolean ucs2) {
        return ucs2 ? text.getBytes(StandardCharsets.UTF_16BE) : Gsm7Alphabet.encodeUnpacked(text);
    }

    /** One submit_sm, paced, and sent again while the SMSC answers that it is throttling (up to 3 s). */
    private SubmissionResult submitWithRetries(SMPPSession bound, OutboundSms sms, boolean ucs2, byte[] shortMessage,
                                               ESMClass esmClass, OptionalParameter[] parameters) {
        long firstTry = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            pause(pacer.reserve());
            try {
                return submit(bound, sms, ucs2, shortMessage, esmClass, parameters);
            } catch (NegativeResponseException e) {
                int status = e.getCommandStatus();
                if (SmppErrors.isThrottle(status)) {
                    pacer.throttled(); // the SMSC said nothing was taken: slow down and send it again
                    if (System.nanoTime() - firstTry < THROTTLED_RETRY_NANOS) {
                        continue;
                    }
                    throw new CarrierUnavailableException("SMSC answered " + SmppErrors.describe(status) + " "
                            + attempt + " times; will retry", e);
                }
                if (SmppErrors.isTransient(status)) {
                    throw new CarrierUnavailableException("SMSC answered " + SmppErrors.describe(status) + "; will retry", e);
                }
                return new Refused(SmppErrors.code(status), "SMSC refused the message: " + SmppErrors.describe(status));
            }
        }
    }

    private static void pause(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CarrierUnavailableException("interrupted while pacing submits", e);
        }
    }

    private SubmissionResult submit(SMPPSession bound, OutboundSms sms, boolean ucs2, byte[] shortMessage,
                                    ESMClass esmClass, OptionalParameter[] parameters) throws NegativeResponseException {
        try {
            var result = bound.submitShortMessage("",
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, digits(sms.from()),
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, digits(sms.to()),
                    esmClass, (byte) 0, (byte) 1, null, null,
                    new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                    new GeneralDataCoding(ucs2 ? Alphabet.ALPHA_UCS2 : Alphabet.ALPHA_DEFAULT), (byte) 0,
                    shortMessage, parameters);
            return new Submitted(CarrierMessageId.of(idPrefix + result.getMessageId()));
        } catch (PDUException e) {
            return new Refused("smpp-invalid-pdu", "the message cannot be encoded as a valid submit_sm: " + e.getMessage());
        } catch (ResponseTimeoutException | InvalidResponseException | IOException e) {
            // the submit_sm may have gone out: whether the SMSC took it is unknown
            throw new SubmitOutcomeUnknownException("no usable answer from the SMSC: " + e.getMessage(), e);
        }
    }

    private static String digits(String e164) {
        return e164.startsWith("+") ? e164.substring(1) : e164;
    }

    @Override
    public boolean canSubmit() {
        return isBound();
    }

    public boolean isBound() {
        SMPPSession current = session.get();
        return current != null && current.getSessionState().isBound();
    }

    public SmscEndpoint endpoint() {
        return endpoint;
    }

    public Optional<String> lastBindError() {
        return Optional.ofNullable(lastBindError);
    }

    /** Binds in the background; after a stop it binds again. */
    @Override
    public synchronized void start() {
        binder = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("smpp-binder-" + name).daemon().factory());
        running = true;
        binder.execute(this::bind);
    }

    private void bind() {
        if (!running) {
            return;
        }
        SMPPSession candidate = new SMPPSession();
        candidate.setEnquireLinkTimer((int) properties.enquireLinkInterval().toMillis());
        candidate.setTransactionTimer(properties.responseTimeout().toMillis());
        candidate.setMessageReceiverListener(new ReceiptListener());
        candidate.addSessionStateListener((newState, oldState, source) -> {
            if (newState == SessionState.CLOSED && running && session.compareAndSet(candidate, null)) {
                log.warn("SMPP bind to {}:{} lost; re-binding in {}", endpoint.host(), endpoint.port(),
                        properties.reconnectDelay());
                scheduleBind();
            }
        });
        try {
            candidate.connectAndBind(endpoint.host(), endpoint.port(), new BindParameter(BindType.BIND_TRX,
                    properties.systemId(), properties.password(), properties.systemType(),
                    TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN, null), properties.bindTimeout().toMillis());
            session.set(candidate);
            lastBindError = null;
            log.info("SMPP transceiver bound to {}:{} as {}", endpoint.host(), endpoint.port(), properties.systemId());
        } catch (IOException e) {
            lastBindError = e.getMessage();
            log.warn("SMPP bind to {}:{} failed ({}); retrying in {}", endpoint.host(), endpoint.port(),
                    e.getMessage(), properties.reconnectDelay());
            candidate.close();
            scheduleBind();
        }
    }

    private void scheduleBind() {
        ScheduledExecutorService current = binder;
        if (running && current != null && !current.isShutdown()) {
            current.schedule(this::bind, properties.reconnectDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (binder != null) {
            binder.shutdownNow();
        }
        SMPPSession current = session.getAndSet(null);
        if (current != null) {
            current.unbindAndClose();
            log.info("SMPP unbound from {}:{}", endpoint.host(), endpoint.port());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * Start early and stop late: after the web server stopped taking requests and the event processors
     * finished their in-flight submits, and before the simulator (if any) goes away.
     */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 2048;
    }

    private final class ReceiptListener implements MessageReceiverListener {

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
         * it before this returns. If that fails, the SMSC is told to keep it and retry (ESME_RX_T_APPN).
         */
        private void receiveInbound(DeliverSm deliverSm) throws ProcessRequestException {
            PhoneNumber from;
            PhoneNumber to;
            try {
                from = PhoneNumber.of("+" + deliverSm.getSourceAddr().replaceFirst("^\\+", ""));
                to = PhoneNumber.of("+" + deliverSm.getDestAddress().replaceFirst("^\\+", ""));
            } catch (RuntimeException e) {
                log.warn("inbound message with unusable addresses refused: {} -> {}", deliverSm.getSourceAddr(),
                        deliverSm.getDestAddress());
                throw new ProcessRequestException("invalid address", SMPPConstant.STAT_ESME_RINVSRCADR);
            }
            OptionalParameter.Message_payload payload =
                    deliverSm.getOptionalParameter(OptionalParameter.Message_payload.class);
            byte[] body = payload != null ? payload.getValue() : deliverSm.getShortMessage();
            body = body == null ? new byte[0] : body;
            if ((deliverSm.getEsmClass() & 0x40) != 0 && body.length > 0) {
                // a segment of a long message: its header is not text (reassembly is not built yet)
                body = java.util.Arrays.copyOfRange(body, Math.min(body.length, (body[0] & 0xff) + 1), body.length);
            }
            String text = InboundText.decode(deliverSm.getDataCoding(), body);
            try {
                inbound.receive(from, to, text);
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
}
