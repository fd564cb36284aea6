package io.attest.gateway.infrastructure.adapter.out.smpp;

import io.attest.gateway.domain.shared.PhoneNumber;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort.SubmitOutcomeUnknownException;
import io.attest.gateway.domain.message.CarrierMessageId;
import io.attest.gateway.domain.message.DeliveryReceipt;
import io.attest.gateway.infrastructure.smpp.CarrierAddress;
import io.attest.gateway.infrastructure.smpp.ShortMessageBody;
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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * One carrier connection: {@code binds} binds to the carrier's SMSC, each a transceiver or a transmitter and
 * receiver pair. Submits messages over the bound binds, at most {@code window} submit_sm of a bind waiting for their
 * answer at once, each bind paced on its own; takes delivery receipts and inbound messages on every bind that
 * receives. Binds at start-up and re-binds a lost session with exponential back-off and jitter; unbinds on shutdown.
 *
 * <p>Inbound messages (MO) are decoded and handed to the inbound use case before the deliver_sm is acknowledged; a
 * segment of a concatenated inbound message is stored until its message is whole. A text longer than one segment
 * goes as concatenated submit_sm (a user data header by default, SAR TLVs, or whole in message_payload when the
 * connection says so), each segment with its own id and receipt, all on one bind.
 */
public class SmppCarrierAdapter implements SubmitToCarrierPort, SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SmppCarrierAdapter.class);

    private final SmppClientProperties properties;
    private final SmscEndpoint endpoint;
    private final MessageReceiverListener deliveries;
    private static final int RECEIVING_THREADS = 16;
    private final List<Bind> binds;
    private volatile ScheduledExecutorService binder;
    private volatile boolean running;
    /** Changes at every start and stop: a bind that finishes after either closes what it bound. */
    private volatile int generation;
    private static final long STABLE_NANOS = 60_000_000_000L;
    private final String name;
    private final String idPrefix;
    private final Multipart multipart;
    private final AtomicInteger nextReference = new AtomicInteger(new java.util.Random().nextInt(256));
    private final AtomicInteger nextBind = new AtomicInteger();

    /**
     * How a text longer than one segment travels: as concatenated submit_sm with a user data header (8-bit
     * reference, the default), with SAR TLVs, or whole in one submit_sm's message_payload for the SMSC to cut.
     */
    public enum Multipart { UDH, SAR, PAYLOAD }
    /** How long one submit is retried on the paced bind after throttled answers, before the message waits for the processor. */
    static final long THROTTLED_RETRY_NANOS = 3_000_000_000L;

    /**
     * @param deliveries what the binds that take messages from the SMSC hand each deliver_sm to: receipts and
     *                   subscribers' messages (the inbound side, {@code adapter.in.smpp})
     * @param name       the connection's name, for routing decisions, health and metrics
     * @param idPrefix   put before every carrier message id of this connection (such as {@code b:}), so ids of
     *                   different SMSCs never collide; empty for the first connection; the deliveries put it before
     *                   the ids of their receipts
     */
    public SmppCarrierAdapter(SmppClientProperties properties, SmscEndpoint endpoint,
                              MessageReceiverListener deliveries, String name, String idPrefix) {
        this.name = name;
        this.idPrefix = idPrefix;
        this.multipart = properties.multipartMode();
        this.properties = properties;
        this.endpoint = endpoint;
        this.deliveries = deliveries;
        List<Bind> all = new ArrayList<>();
        for (int number = 1; number <= properties.binds(); number++) {
            all.add(new Bind(number));
        }
        this.binds = List.copyOf(all);
    }

    public String name() {
        return name;
    }

    /** The binds of this connection, in order. */
    public List<Bind> binds() {
        return binds;
    }

    /**
     * Lets the first {@code count} binds bind and closes the others: the binds this node holds a lease for, where
     * the nodes of a deployment share the carrier's bind limit ({@code BindLeases}). Every bind may bind until this is
     * called.
     */
    public void permit(int count) {
        for (Bind bind : binds) {
            bind.permit(bind.number() <= count);
        }
    }

    public SmppClientProperties properties() {
        return properties;
    }

    /** The rate submits are paced at now over all binds, per second; infinite when nothing paces them. */
    public double pacedRate() {
        return binds.stream().mapToDouble(bind -> bind.pacer.currentRate()).sum();
    }

    @Override
    public SubmissionResult submit(OutboundSms sms) {
        Bind bind = pickBind();
        SMPPSession bound = bind == null ? null : bind.transmitter.current();
        if (bound == null) {
            throw new CarrierUnavailableException("no bind to " + endpoint.host() + ":" + endpoint.port() + " is up", null);
        }
        boolean ucs2 = sms.encoding() == TextEncoding.UCS_2;
        List<String> parts = io.attest.gateway.domain.message.MessageContent.measure(sms.text()).segmentTexts();
        if (parts.size() == 1 || multipart == Multipart.PAYLOAD) {
            byte[] body = encode(sms.text(), ucs2, 0);
            boolean payloadTlv = parts.size() > 1;
            return submitWithRetries(bind, bound, sms, ucs2, payloadTlv ? new byte[0] : body, new ESMClass(),
                    payloadTlv ? new OptionalParameter[] {new OptionalParameter.Message_payload(body)}
                            : new OptionalParameter[0]);
        }
        int total = parts.size();
        int reference = nextReference.getAndIncrement() & (multipart == Multipart.UDH ? 0xff : 0xffff);
        List<CarrierMessageId> ids = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            SubmissionResult result;
            try {
                if (multipart == Multipart.UDH) {
                    byte[] udh = {0x05, 0x00, 0x03, (byte) reference, (byte) total, (byte) (i + 1)};
                    byte[] body = encode(parts.get(i), ucs2, udh.length);
                    byte[] message = new byte[udh.length + body.length];
                    System.arraycopy(udh, 0, message, 0, udh.length);
                    System.arraycopy(body, 0, message, udh.length, body.length);
                    result = submitWithRetries(bind, bound, sms, ucs2, message, new ESMClass((byte) 0x40),
                            new OptionalParameter[0]);
                } else {
                    result = submitWithRetries(bind, bound, sms, ucs2, encode(parts.get(i), ucs2, 0), new ESMClass(),
                            new OptionalParameter[] {
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
        return new Submitted(ids.getFirst(), null, ids, name());
    }

    /** What is put before this connection's carrier message ids; empty when nothing is. */
    public String idPrefix() {
        return idPrefix;
    }

    /**
     * Asks the SMSC what became of a message this connection submitted (query_sm), over a bound bind.
     *
     * @return empty when no bind is up, the SMSC refuses the query (it does not support query_sm, or no longer knows
     * the message) or does not answer in time
     */
    public java.util.Optional<io.attest.gateway.application.message.port.out.CarrierQueryPort.QueriedState> query(
            CarrierMessageId carrierMessageId, String source) {
        Bind bind = pickBind();
        SMPPSession bound = bind == null ? null : bind.transmitter.current();
        if (bound == null) {
            return java.util.Optional.empty();
        }
        String id = carrierMessageId.value().startsWith(idPrefix)
                ? carrierMessageId.value().substring(idPrefix.length()) : carrierMessageId.value();
        try {
            org.jsmpp.session.QuerySmResult result = bound.queryShortMessage(id,
                    TypeOfNumber.valueOf(properties.sourceTon().byteValue()),
                    NumberingPlanIndicator.valueOf(properties.sourceNpi().byteValue()),
                    CarrierAddress.toCarrier(source, properties.sourceTon().byteValue()));
            org.jsmpp.bean.MessageState state = result.getMessageState();
            io.attest.gateway.domain.message.ReceiptOutcome outcome = switch (state) {
                case DELIVERED -> io.attest.gateway.domain.message.ReceiptOutcome.DELIVERED;
                case EXPIRED -> io.attest.gateway.domain.message.ReceiptOutcome.EXPIRED;
                case DELETED -> io.attest.gateway.domain.message.ReceiptOutcome.DELETED;
                case UNDELIVERABLE -> io.attest.gateway.domain.message.ReceiptOutcome.UNDELIVERABLE;
                case REJECTED -> io.attest.gateway.domain.message.ReceiptOutcome.REJECTED;
                // still with the SMSC, or a state that says nothing of the handset (ACCEPTED: read by customer service)
                case SCHEDULED, ENROUTE, ACCEPTED, UNKNOWN, SKIPPED -> null;
            };
            String finalDate = result.getFinalDate() == null || result.getFinalDate().isBlank() ? null
                    : result.getFinalDate();
            return java.util.Optional.of(new io.attest.gateway.application.message.port.out.CarrierQueryPort
                    .QueriedState(state.name(), outcome, finalDate));
        } catch (NegativeResponseException e) {
            log.info("{}: query_sm for {} refused with status 0x{}", name, carrierMessageId,
                    Integer.toHexString(e.getCommandStatus()));
            return java.util.Optional.empty();
        } catch (PDUException | ResponseTimeoutException | InvalidResponseException | IOException e) {
            log.info("{}: query_sm for {} got no usable answer: {}", name, carrierMessageId, e.toString());
            return java.util.Optional.empty();
        }
    }

    /** The bound bind with the most room in its window; among equals, the next in turn. */
    private Bind pickBind() {
        Bind best = null;
        int start = Math.floorMod(nextBind.getAndIncrement(), binds.size());
        for (int i = 0; i < binds.size(); i++) {
            Bind candidate = binds.get((start + i) % binds.size());
            if (candidate.transmitter.isBound()
                    && (best == null || candidate.window.availablePermits() > best.window.availablePermits())) {
                best = candidate;
            }
        }
        return best;
    }

    /** The text's short_message octets: UCS-2 big-endian, or GSM-7 one septet per octet or packed after a header. */
    private byte[] encode(String text, boolean ucs2, int headerOctets) {
        return ShortMessageBody.encodeText(text, ucs2, headerOctets, properties.gsm7Packed());
    }

    /** One submit_sm, paced, within the bind's window, and sent again while the SMSC answers that it is throttling (up to 3 s). */
    private SubmissionResult submitWithRetries(Bind bind, SMPPSession bound, OutboundSms sms, boolean ucs2,
                                               byte[] shortMessage, ESMClass esmClass, OptionalParameter[] parameters) {
        long firstTry = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            pause(bind.pacer.reserve());
            try {
                return bind.inWindow(() -> submit(bound, sms, ucs2, shortMessage, esmClass, parameters));
            } catch (NegativeResponseException e) {
                int status = e.getCommandStatus();
                if (SmppErrors.isThrottle(status)) {
                    bind.pacer.throttled(); // the SMSC said nothing was taken: slow down and send it again
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
        if (!bound.getSessionState().isTransmittable()) {
            // the bind closed while this submit waited for its window, its pace or a throttled retry: nothing went out
            throw new CarrierUnavailableException("the bind closed before the submit went out", null);
        }
        try {
            var result = bound.submitShortMessage("",
                    TypeOfNumber.valueOf(properties.sourceTon().byteValue()),
                    NumberingPlanIndicator.valueOf(properties.sourceNpi().byteValue()),
                    CarrierAddress.toCarrier(sms.from(), properties.sourceTon().byteValue()),
                    TypeOfNumber.valueOf(properties.destinationTon().byteValue()),
                    NumberingPlanIndicator.valueOf(properties.destinationNpi().byteValue()),
                    CarrierAddress.toCarrier(sms.to(), properties.destinationTon().byteValue()),
                    esmClass, (byte) 0, (byte) 1, null, null,
                    new RegisteredDelivery(SMSCDeliveryReceipt.SUCCESS_FAILURE), (byte) 0,
                    new GeneralDataCoding(ucs2 ? Alphabet.ALPHA_UCS2 : Alphabet.ALPHA_DEFAULT), (byte) 0,
                    shortMessage, parameters);
            return new Submitted(CarrierMessageId.of(idPrefix + result.getMessageId()), null, null, name());
        } catch (PDUException e) {
            return new Refused("smpp-invalid-pdu", "the message cannot be encoded as a valid submit_sm: " + e.getMessage());
        } catch (ResponseTimeoutException | InvalidResponseException | IOException e) {
            // the submit_sm may have gone out: whether the SMSC took it is unknown
            throw new SubmitOutcomeUnknownException("no usable answer from the SMSC: " + e.getMessage(), e);
        }
    }

    @Override
    public boolean canSubmit() {
        return isBound();
    }

    /** True while at least one bind can submit. */
    public boolean isBound() {
        return binds.stream().anyMatch(bind -> bind.transmitter.isBound());
    }

    public SmscEndpoint endpoint() {
        return endpoint;
    }

    /**
     * Opens the TCP connection for a bind, giving up after {@code timeout}: jsmpp's own factory waits as long as the
     * operating system does (minutes, against an SMSC or firewall that drops the SYN silently). Nagle's algorithm is
     * off, so each PDU is sent when it is written.
     */
    static org.jsmpp.session.connection.ConnectionFactory connectWithin(Duration timeout) {
        int millis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        return (host, port) -> new org.jsmpp.session.connection.socket.SocketConnection(openSocket(host, port, millis));
    }

    static java.net.Socket openSocket(String host, int port, int timeoutMillis) throws IOException {
        java.net.Socket socket = new java.net.Socket();
        try {
            socket.connect(new java.net.InetSocketAddress(host, port), timeoutMillis);
            // a PDU goes out when it is written: with Nagle's algorithm a submit_sm written while the previous
            // small PDU (a deliver_sm_resp) awaited its delayed ACK waited up to 40 ms
            socket.setTcpNoDelay(true);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** The last bind error of any of the connection's sessions, while one is not bound. */
    public Optional<String> lastBindError() {
        return binds.stream().flatMap(Bind::sessions).map(session -> session.lastError).filter(Objects::nonNull).findFirst();
    }

    /** Binds in the background, each session on a thread of its own (a hanging connect holds back no other); after a stop it binds again. */
    @Override
    public synchronized void start() {
        binder = Executors.newScheduledThreadPool((int) binds.stream().flatMap(Bind::sessions).count(),
                Thread.ofPlatform().name("smpp-binder-" + name + "-", 0).daemon().factory());
        generation++;
        running = true;
        binds.stream().flatMap(Bind::sessions).forEach(session -> binder.execute(session::bind));
    }

    @Override
    public synchronized void stop() {
        running = false;
        generation++;
        if (binder != null) {
            binder.shutdownNow();
        }
        binds.stream().flatMap(Bind::sessions).forEach(KeptSession::unbind);
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

    /**
     * The wait before a bind attempt after {@code failures} failed ones in a row: the reconnect delay doubled per
     * failure, up to the ceiling, less up to half of it at random, so the binds of many gateways (or of one gateway's
     * many sessions) that lost an SMSC at once do not all come back in the same instant.
     */
    static Duration reconnectDelay(Duration base, Duration ceiling, int failures, java.util.random.RandomGenerator random) {
        long delay = base.toMillis() << Math.min(failures, 20);
        delay = Math.min(ceiling.toMillis(), delay < 0 ? ceiling.toMillis() : delay);
        long jitter = delay <= 1 ? 0 : random.nextLong(delay / 2 + 1);
        return Duration.ofMillis(delay - jitter);
    }

    /**
     * One bind of the connection: a transceiver, or a transmitter with its receiver; its own window of outstanding
     * submit_sm and its own pacing.
     */
    public final class Bind {

        private final int number;
        private final KeptSession transmitter;
        private final KeptSession receiver;
        private final Semaphore window;
        private final SubmitPacer pacer;
        private final AtomicInteger outstanding = new AtomicInteger();
        private volatile boolean permitted = true;

        Bind(int number) {
            this.number = number;
            this.window = new Semaphore(properties.window(), true);
            this.pacer = new SubmitPacer(properties.maxSubmitsPerSecond(), System::nanoTime);
            if (properties.separateReceiver()) {
                this.transmitter = new KeptSession(BindType.BIND_TX, "transmitter " + number, () -> permitted);
                this.receiver = new KeptSession(BindType.BIND_RX, "receiver " + number, () -> permitted);
            } else {
                this.transmitter = new KeptSession(BindType.BIND_TRX, "transceiver " + number, () -> permitted);
                this.receiver = null;
            }
        }

        /** Whether this bind may bind: closes its sessions when no longer, binds them when again. */
        void permit(boolean allowed) {
            if (permitted == allowed) {
                return;
            }
            permitted = allowed;
            if (!allowed) {
                sessions().forEach(KeptSession::unbind);
                log.info("SMPP bind {} of {} closed: this node holds no lease for it", number, name);
                return;
            }
            ScheduledExecutorService current = binder;
            if (running && current != null && !current.isShutdown()) {
                sessions().forEach(session -> current.execute(session::bind));
            }
        }

        /** Whether this node may open this bind now (always, unless the binds are leased across nodes). */
        public boolean permitted() {
            return permitted;
        }

        public int number() {
            return number;
        }

        /** Submit_sm of this bind waiting for their submit_sm_resp now. */
        public int outstanding() {
            return outstanding.get();
        }

        public boolean transmitterBound() {
            return transmitter.isBound();
        }

        /** Whether the bind takes receipts and inbound messages: its transceiver, or its receiver, is bound. */
        public boolean receiverBound() {
            return receiver == null ? transmitter.isBound() : receiver.isBound();
        }

        public double pacedRate() {
            return pacer.currentRate();
        }

        /** Throttled answers (ESME_RTHROTTLED, ESME_RMSGQFUL) this bind has had. */
        public long throttles() {
            return pacer.throttles();
        }

        Stream<KeptSession> sessions() {
            return receiver == null ? Stream.of(transmitter) : Stream.of(transmitter, receiver);
        }

        private SubmissionResult inWindow(SubmitCall call) throws NegativeResponseException {
            boolean admitted;
            try {
                admitted = window.tryAcquire(properties.responseTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CarrierUnavailableException("interrupted while waiting for room in the window", e);
            }
            if (!admitted) {
                throw new CarrierUnavailableException("the window of " + properties.window() + " outstanding submits of "
                        + name + " bind " + number + " stayed full for " + properties.responseTimeout(), null);
            }
            outstanding.incrementAndGet();
            try {
                return call.submit();
            } finally {
                outstanding.decrementAndGet();
                window.release();
            }
        }
    }

    @FunctionalInterface
    private interface SubmitCall {
        SubmissionResult submit() throws NegativeResponseException;
    }

    /** One SMPP session kept bound: re-bound after a loss with exponential back-off (and jitter), unbound on stop. */
    final class KeptSession {

        private final BindType type;
        private final String label;
        private final java.util.function.BooleanSupplier permitted;
        private final java.util.concurrent.atomic.AtomicBoolean binding = new java.util.concurrent.atomic.AtomicBoolean();
        private final AtomicReference<SMPPSession> session = new AtomicReference<>();
        private volatile String lastError;
        private int failures;
        private volatile long boundAt;

        KeptSession(BindType type, String label, java.util.function.BooleanSupplier permitted) {
            this.type = type;
            this.label = label;
            this.permitted = permitted;
        }

        SMPPSession current() {
            SMPPSession current = session.get();
            return current != null && current.getSessionState().isBound() ? current : null;
        }

        boolean isBound() {
            return current() != null;
        }

        void bind() {
            // one attempt at a time, none for a session that is bound, none for a bind this node holds no lease for
            if (!running || !permitted.getAsBoolean() || isBound() || !binding.compareAndSet(false, true)) {
                return;
            }
            try {
                attemptBind();
            } finally {
                binding.set(false);
            }
        }

        private void attemptBind() {
            int started = generation;
            SMPPSession candidate = new SMPPSession(connectWithin(properties.bindTimeout()));
            candidate.setEnquireLinkTimer((int) properties.enquireLinkInterval().toMillis());
            candidate.setTransactionTimer(properties.responseTimeout().toMillis());
            // receipts and inbound messages are recorded on these threads: more of them let receipts that arrive
            // together be recorded together (one commit) instead of queueing behind jsmpp's default of 3
            candidate.setPduProcessorDegree(RECEIVING_THREADS);
            candidate.setMessageReceiverListener(deliveries);
            candidate.addSessionStateListener((newState, oldState, source) -> {
                if (newState == SessionState.CLOSED && running && session.compareAndSet(candidate, null)) {
                    lost();
                    Duration delay = nextDelay();
                    log.warn("SMPP {} of {} to {}:{} lost; re-binding in {} ms", label, name, endpoint.host(),
                            endpoint.port(), delay.toMillis());
                    schedule(delay);
                }
            });
            try {
                candidate.connectAndBind(endpoint.host(), endpoint.port(), new BindParameter(type,
                        properties.systemId(), properties.password(), properties.systemType(),
                        TypeOfNumber.UNKNOWN, NumberingPlanIndicator.UNKNOWN,
                        properties.addressRange().isEmpty() ? null : properties.addressRange()),
                        properties.bindTimeout().toMillis());
                if (!running || generation != started || !permitted.getAsBoolean()) {
                    candidate.unbindAndClose(); // stopped (or its lease lost) while this bind was under way
                    return;
                }
                session.set(candidate);
                if (!candidate.getSessionState().isBound() && session.compareAndSet(candidate, null)) {
                    schedule(nextDelay()); // lost between the bind and here: its listener found nothing to clear
                    return;
                }
                lastError = null;
                boundAt = System.nanoTime();
                log.info("SMPP {} of {} bound to {}:{} as {}", label, name, endpoint.host(), endpoint.port(),
                        properties.systemId());
            } catch (IOException e) {
                lastError = e.getMessage();
                candidate.close();
                Duration delay = nextDelay();
                log.warn("SMPP {} of {} to {}:{} failed to bind ({}); retrying in {} ms", label, name, endpoint.host(),
                        endpoint.port(), e.getMessage(), delay.toMillis());
                schedule(delay);
            }
        }

        /**
         * A session that stayed up a minute starts its back-off afresh; one the SMSC drops at once (a bind limit, a
         * refusal after the bind) keeps doubling it, so a flapping bind is not retried every couple of seconds.
         */
        private synchronized void lost() {
            if (System.nanoTime() - boundAt >= STABLE_NANOS) {
                failures = 0;
            }
        }

        private synchronized Duration nextDelay() {
            return reconnectDelay(properties.reconnectDelay(), properties.maxReconnectDelay(), failures++,
                    java.util.concurrent.ThreadLocalRandom.current());
        }

        private void schedule(Duration delay) {
            ScheduledExecutorService current = binder;
            if (running && current != null && !current.isShutdown()) {
                current.schedule(this::bind, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        void unbind() {
            SMPPSession current = session.getAndSet(null);
            if (current != null) {
                current.unbindAndClose();
                log.info("SMPP {} of {} unbound from {}:{}", label, name, endpoint.host(), endpoint.port());
            }
        }
    }
}
