package io.attest.gateway.infrastructure.simulator;

import io.attest.gateway.domain.message.Gsm7Alphabet;
import io.attest.gateway.infrastructure.smpp.ShortMessageBody;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BroadcastSm;
import org.jsmpp.bean.CancelBroadcastSm;
import org.jsmpp.bean.CancelSm;
import org.jsmpp.bean.DataSm;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageState;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.QueryBroadcastSm;
import org.jsmpp.bean.QuerySm;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.ReplaceSm;
import org.jsmpp.bean.SubmitMulti;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.BroadcastSmResult;
import org.jsmpp.session.DataSmResult;
import org.jsmpp.session.QueryBroadcastSmResult;
import org.jsmpp.session.QuerySmResult;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.ServerMessageReceiverListener;
import org.jsmpp.session.ServerResponseDeliveryAdapter;
import org.jsmpp.session.Session;
import org.jsmpp.session.SubmitMultiResult;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.DeliveryReceiptState;
import org.jsmpp.util.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;


import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A carrier SMSC on loopback, speaking real SMPP 3.4 over TCP (jsmpp server side): accepts binds with the
 * configured credentials (loopback only), answers submit_sm with a message id, and sends delivery receipts (text and
 * TLVs) according to its outcome rules. Used by the embedded default, by tests and by operators who want
 * to try the gateway without a carrier. The faults it shows besides its rules are in {@link SimulatorFaults}; what it
 * does is told to {@link SimulatorObserver}s (the tests' probe is one).
 */
public class SmscSimulator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SmscSimulator.class);
    private static final int MAX_RECEIPT_ATTEMPTS = 5;

    private final SimulatorProperties properties;
    private final List<CompiledRule> rules;
    private final int port;
    private ServerSocket serverSocket;
    private SMPPServerSessionListener listener;
    /**
     * Message ids, unique for the simulator's life as an SMSC's are over its window: a counter from a random start
     * (jsmpp's random ids repeat among a few thousand often enough to matter).
     */
    private final java.util.concurrent.atomic.AtomicLong nextId =
            new java.util.concurrent.atomic.AtomicLong(java.util.concurrent.ThreadLocalRandom.current().nextLong(1L << 40));
    private ScheduledExecutorService receiptSender;
    private final List<SMPPServerSession> sessions = new CopyOnWriteArrayList<>();
    /**
     * The submits kept for their receipts and for query_sm: the last {@value #KEEP_RECEIVED}, so a simulator
     * left running under load keeps its memory and its cost per submit flat. Guarded by itself.
     */
    private final java.util.LinkedHashMap<String, ReceivedSubmit> received = new java.util.LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ReceivedSubmit> eldest) {
            return size() > KEEP_RECEIVED;
        }
    };

    /** How many of the latest submits the simulator keeps. */
    public static final int KEEP_RECEIVED = 20_000;
    private final Map<Integer, org.jsmpp.session.connection.Connection> connections = new ConcurrentHashMap<>();
    private final Map<SMPPServerSession, java.util.concurrent.atomic.AtomicInteger> outstanding = new ConcurrentHashMap<>();
    private final SimulatorFaults faults;
    private final List<SimulatorObserver> observers = new CopyOnWriteArrayList<>();
    private volatile boolean running;
    private Thread acceptor;

    public SmscSimulator(SimulatorProperties properties) throws IOException {
        this.properties = properties;
        this.faults = new SimulatorFaults(properties);
        this.rules = properties.rules().stream()
                .map(rule -> new CompiledRule(Pattern.compile(rule.destination()), rule.outcome()))
                .toList();
        this.serverSocket = openServerSocket(properties.port());
        this.port = serverSocket.getLocalPort();
    }

    private static ServerSocket openServerSocket(int port) throws IOException {
        return io.attest.gateway.infrastructure.smpp.server.SmppServerSockets.open(InetAddress.getLoopbackAddress(), port);
    }

    private ServerSocket reopen() throws IOException {
        return io.attest.gateway.infrastructure.smpp.server.SmppServerSockets.reopen(InetAddress.getLoopbackAddress(), port);
    }

    private SMPPServerSessionListener listenerOn(ServerSocket socket) throws IOException {
        // enough PDU threads that submits held back by a response delay are all in hand at once, as on an SMSC
        // with a large window: what the gateway has outstanding is what the simulator counts. Each connection is
        // kept by its client's port, so raw bytes can be written to it.
        return io.attest.gateway.infrastructure.smpp.server.SmppServerSockets.listenerOn(socket, 64, 1000,
                connection -> connections.put(connection.getPort(), connection));
    }

    /** The loopback TCP port the simulator listens on (the configured one, or the one the system chose for 0). */
    /** The faults it shows besides its rules, changeable while it runs. */
    public SimulatorFaults faults() {
        return faults;
    }

    /** Tells the observer what the simulator does from now on. */
    public void observe(SimulatorObserver observer) {
        observers.add(observer);
    }

    /** The client sessions bound now that can receive a deliver_sm, oldest first. */
    public List<SMPPServerSession> receivingSessions() {
        return sessions.stream().filter(session -> session.getSessionState().isReceivable()).toList();
    }

    /** One accepted bind: the bind PDU's type, system_type and address_range with its TON and NPI. */
    public record BindSeen(org.jsmpp.bean.BindType type, String systemType, String addressRange, byte addrTon, byte addrNpi) {
    }

    /** Every client session, bound or not yet. */
    public List<SMPPServerSession> sessions() {
        return List.copyOf(sessions);
    }

    public int port() {
        return port;
    }

    private final ReceiptScheduler receiptScheduler = new ReceiptScheduler();
    /**
     * Writes a PDU that breaks SMPP 3.4 straight onto every client connection: a header naming a command that does not
     * exist ({@code invalidCommandId}), or a command_length shorter than the header (the connection cannot be read on
     * from there; an SMSC would be expected to drop it).
     */
    public void sendMalformedPdu(boolean invalidCommandId) {
        java.nio.ByteBuffer pdu = java.nio.ByteBuffer.allocate(16);
        if (invalidCommandId) {
            pdu.putInt(16).putInt(0x000000AB).putInt(0).putInt(0x7FFF0001);
        } else {
            pdu.putInt(8).putInt(0x00000005).putInt(0).putInt(0x7FFF0002);
        }
        for (SMPPServerSession session : sessions) {
            org.jsmpp.session.connection.Connection connection = connections.get(session.getPort());
            if (connection == null || !connection.isOpen()) {
                continue;
            }
            try {
                synchronized (connection) {
                    connection.getOutputStream().write(pdu.array());
                    connection.getOutputStream().flush();
                }
                observers.forEach(SimulatorObserver::malformedPduWritten);
            } catch (IOException e) {
                log.debug("malformed PDU not written: {}", e.getMessage());
            }
        }
    }

    /** Drops every client connection without unbinding, as a failing network or SMSC does. */
    public void dropConnections() {
        sessions.forEach(SMPPServerSession::close);
        sessions.clear();
    }

    /** Starts listening; after a stop it listens again on the same port. */
    @Override
    public synchronized void start() {
        try {
            if (serverSocket == null || serverSocket.isClosed()) {
                serverSocket = reopen();
            }
            listener = listenerOn(serverSocket);
        } catch (IOException e) {
            throw new IllegalStateException("the SMSC simulator cannot listen on port " + port, e);
        }
        // several receipts in flight at once, as an SMSC with a window sends them: one at a time would make the
        // receipts, not the gateway, the bottleneck of a benchmark
        receiptSender = Executors.newScheduledThreadPool(8,
                Thread.ofPlatform().name("smsc-simulator-receipts-", 0).daemon().factory());
        running = true;
        java.time.Duration malformed = properties.malformedPduInterval();
        if (malformed != null && !malformed.isZero()) { // a demo of a carrier that sends garbage now and then
            receiptSender.scheduleWithFixedDelay(() -> sendMalformedPdu(true), malformed.toMillis(), malformed.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
        SMPPServerSessionListener current = listener;
        ServerSocket socket = serverSocket;
        acceptor = Thread.ofPlatform().name("smsc-simulator-acceptor").daemon().start(() -> acceptLoop(current, socket));
        log.info("SMSC simulator listening on port {}", port());
    }

    private void acceptLoop(SMPPServerSessionListener listener, ServerSocket socket) {
        while (running && !socket.isClosed()) {
            try {
                SMPPServerSession session = listener.accept();
                session.setMessageReceiverListener(new Receiver());
                session.setResponseDeliveryListener(receiptScheduler);
                Thread.ofPlatform().name("smsc-simulator-bind").daemon().start(() -> awaitBind(session));
            } catch (SocketException e) {
                if (running) {
                    log.warn("SMSC simulator accept failed", e);
                }
            } catch (IOException e) {
                if (running) {
                    log.warn("SMSC simulator accept failed", e);
                }
            }
        }
    }

    private void awaitBind(SMPPServerSession session) {
        try {
            BindRequest bind = session.waitForBind(10_000);
            if (properties.systemId().equals(bind.getSystemId()) && properties.password().equals(bind.getPassword())) {
                BindSeen seen = new BindSeen(bind.getBindType(), bind.getSystemType(), bind.getAddressRange(),
                        bind.getAddrTon().value(), bind.getAddrNpi().value());
                observers.forEach(observer -> observer.bound(seen));
                bind.accept("attest-sim");
                session.setTransactionTimer(10_000);
                sessions.add(session);
                session.addSessionStateListener((newState, oldState, source) -> {
                    if (!newState.isBound() && newState != org.jsmpp.extra.SessionState.OPEN) {
                        sessions.remove(session);
                    }
                });
            } else {
                log.warn("SMSC simulator refused bind of system_id {}", bind.getSystemId());
                bind.reject(SMPPConstant.STAT_ESME_RINVPASWD);
            }
        } catch (Exception e) {
            log.warn("SMSC simulator bind failed: {}", e.getMessage());
            session.close();
        }
    }

    SimulatedOutcome outcomeFor(String destinationE164) {
        SimulatedOutcome override = faults.overrideFor(destinationE164);
        if (override != null) {
            return override;
        }
        return rules.stream().filter(rule -> rule.destination().matcher(destinationE164).matches())
                .map(CompiledRule::outcome).findFirst().orElse(SimulatedOutcome.DELIVER);
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (receiptSender != null) {
            receiptSender.shutdownNow();
        }
        sessions.forEach(SMPPServerSession::unbindAndClose);
        sessions.clear();
        try {
            if (listener != null) {
                listener.close();
            }
            serverSocket.close();
        } catch (IOException e) {
            log.debug("closing the simulator listener", e);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Start before, and stop after, the carrier connection that binds to it. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1024;
    }

    /**
     * One accepted submit_sm: who to whom, the text decoded by its data_coding (a segment's own part), what was
     * decided, for a segment of a concatenated message (user data header or SAR TLVs) its reference and place, the
     * addresses as E.164 numbers (read by their type of number) and as the digits on the wire, and when the simulator
     * read it off the wire.
     */
    public record ReceivedSubmit(String messageId, String source, String destination, byte dataCoding, String text,
                                 boolean viaMessagePayload, SimulatedOutcome outcome, int reference, int segment,
                                 int segments, byte sourceTon, byte sourceNpi, byte destinationTon, byte destinationNpi,
                                 String sourceDigits, String destinationDigits, java.time.Instant receivedAt) {
    }

    private MessageId newMessageId() {
        try {
            return new MessageId(Long.toString(nextId.getAndIncrement(), 16));
        } catch (org.jsmpp.PDUStringException tooLong) {
            throw new IllegalStateException("a hexadecimal long is a valid message id", tooLong);
        }
    }

    /** The number an address stands for, read as the gateway reads addresses; as written when it is no number. */
    private static String e164(String address, byte typeOfNumber) {
        try {
            return io.attest.gateway.infrastructure.smpp.CarrierAddress.fromCarrier(address, typeOfNumber).e164();
        } catch (RuntimeException notANumber) {
            return "+" + address;
        }
    }

    private void take(ReceivedSubmit submit) {
        synchronized (received) {
            received.put(submit.messageId(), submit);
        }
        observers.forEach(observer -> observer.taken(submit));
    }

    private ReceivedSubmit receivedWithId(String messageId) {
        synchronized (received) {
            return received.get(messageId);
        }
    }

    private record CompiledRule(Pattern destination, SimulatedOutcome outcome) {
    }

    private final class Receiver extends io.attest.gateway.infrastructure.smpp.server.UnsupportedRequests {

        Receiver() {
            super("is not simulated");
        }

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submitSm, SMPPServerSession source) throws ProcessRequestException {
            String destination = e164(submitSm.getDestAddress(), submitSm.getDestAddrTon());
            SimulatedOutcome outcome = outcomeFor(destination);
            switch (outcome) {
                case REJECT -> throw new ProcessRequestException("rejected by rule", SMPPConstant.STAT_ESME_RINVDSTADR);
                case THROTTLE -> throw new ProcessRequestException("throttled by rule", SMPPConstant.STAT_ESME_RTHROTTLED);
                default -> {
                }
            }
            if (faults.queueFull()) {
                observers.forEach(SimulatorObserver::throttled);
                throw new ProcessRequestException("the account's queue is full", SMPPConstant.STAT_ESME_RTHROTTLED);
            }
            if (!faults.admit()) {
                observers.forEach(SimulatorObserver::throttled);
                throw new ProcessRequestException("more than " + faults.maxSubmitsPerSecond() + " submits this second",
                        SMPPConstant.STAT_ESME_RTHROTTLED);
            }
            ShortMessageBody message = ShortMessageBody.of(submitSm);
            int reference = message.header().reference();
            int segment = message.header().sequence();
            int segments = message.header().total();
            String text = message.decodedText(submitSm.getDataCoding(), faults.gsm7Packed());
            MessageId messageId = newMessageId();
            ReceivedSubmit taken = new ReceivedSubmit(messageId.getValue(),
                    e164(submitSm.getSourceAddr(), submitSm.getSourceAddrTon()), destination,
                    submitSm.getDataCoding(), text, message.viaMessagePayload(), outcome, reference, segment, segments,
                    submitSm.getSourceAddrTon(), submitSm.getSourceAddrNpi(), submitSm.getDestAddrTon(),
                    submitSm.getDestAddrNpi(), submitSm.getSourceAddr(), submitSm.getDestAddress(), java.time.Instant.now());
            java.util.concurrent.atomic.AtomicInteger inHand =
                    outstanding.computeIfAbsent(source, s -> new java.util.concurrent.atomic.AtomicInteger());
            int now = inHand.incrementAndGet();
            observers.forEach(observer -> observer.inHand(now));
            try {
                if (faults.dropNow(now)) {
                    observers.forEach(SimulatorObserver::discarded);
                    for (SMPPServerSession each : sessions) { // the sockets first, so no answer gets out
                        org.jsmpp.session.connection.Connection connection = connections.get(each.getPort());
                        if (connection != null) {
                            try {
                                connection.close();
                            } catch (IOException e) {
                                log.debug("closing a dropped connection", e);
                            }
                        }
                    }
                    Thread.ofPlatform().daemon().start(SmscSimulator.this::dropConnections);
                    throw new ProcessRequestException("connection dropped mid-window", SMPPConstant.STAT_ESME_RSYSERR);
                }
                take(taken);
                boolean receiptsBeforeResponses = faults.receiptsBeforeResponses();
                if (receiptsBeforeResponses && outcome != SimulatedOutcome.NO_RECEIPT
                        && outcome != SimulatedOutcome.LOST_RECEIPT) {
                    // before the response is even sent
                    receiptScheduler.sendReceipt(receiptScheduler.pickSession(source), taken, new Date(), 1);
                }
                long delay = faults.responseDelay().toMillis();
                long hold = receiptsBeforeResponses ? Math.max(100, delay) : delay;
                if (hold > 0) {
                    try {
                        Thread.sleep(hold);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (!receiptsBeforeResponses && (!source.getSessionState().isBound() || !sessions.contains(source))) {
                    // the connection dropped while this submit was in hand: it is lost, as on a real network
                    synchronized (received) {
                        received.remove(taken.messageId());
                    }
                    observers.forEach(observer -> observer.forgotten(taken.messageId()));
                    observers.forEach(SimulatorObserver::discarded);
                    throw new ProcessRequestException("connection dropped", SMPPConstant.STAT_ESME_RSYSERR);
                }
            } finally {
                inHand.decrementAndGet();
            }
            return new SubmitSmResult(messageId, new OptionalParameter[0]);
        }

        @Override
        public QuerySmResult onAcceptQuerySm(QuerySm querySm, SMPPServerSession source) throws ProcessRequestException {
            ReceivedSubmit submit;
            synchronized (received) {
                submit = received.get(querySm.getMessageId());
            }
            if (submit == null) {
                throw new ProcessRequestException("no message " + querySm.getMessageId(), SMPPConstant.STAT_ESME_RQUERYFAIL);
            }
            MessageState state = switch (submit.outcome()) {
                case NO_RECEIPT -> MessageState.ENROUTE;
                case UNDELIVERABLE -> MessageState.UNDELIVERABLE;
                case EXPIRE -> MessageState.EXPIRED;
                default -> MessageState.DELIVERED;
            };
            String finalDate = state == MessageState.ENROUTE ? null
                    : new java.text.SimpleDateFormat("yyMMddHHmmss'000+'").format(java.util.Date.from(submit.receivedAt()));
            return new QuerySmResult(finalDate, state, (byte) 0);
        }
    }

    /** Sends the receipt only after submit_sm_resp went out, so the id is known before its receipt. */
    private final class ReceiptScheduler extends ServerResponseDeliveryAdapter {

        @Override
        public void onSubmitSmRespSent(SubmitSmResult result, SMPPServerSession source) {
            String id = result.getMessageId();
            ReceivedSubmit submit = receivedWithId(id);
            if (submit == null || submit.outcome() == SimulatedOutcome.NO_RECEIPT
                    || submit.outcome() == SimulatedOutcome.LOST_RECEIPT || faults.receiptsBeforeResponses()) {
                return; // no receipt, or it went before this response
            }
            Date submitted = new Date();
            long delay = properties.receiptDelay().toMillis();
            if (faults.reverseSegmentReceipts() && submit.segments() > 1) {
                delay = delay * (submit.segments() - submit.segment() + 1) * 3; // the first segment's receipt comes last
            }
            receiptSender.schedule(() -> sendReceipt(pickSession(source), submit, submitted, 1), delay, TimeUnit.MILLISECONDS);
        }

        private void sendReceipt(SMPPServerSession session, ReceivedSubmit submit, Date submitted, int attempt) {
            DeliveryReceiptState state;
            MessageState messageState;
            String error;
            switch (submit.outcome()) {
                case UNDELIVERABLE -> {
                    state = DeliveryReceiptState.UNDELIV;
                    messageState = MessageState.UNDELIVERABLE;
                    error = "001";
                }
                case EXPIRE -> {
                    state = DeliveryReceiptState.EXPIRED;
                    messageState = MessageState.EXPIRED;
                    error = "000";
                }
                default -> {
                    state = DeliveryReceiptState.DELIVRD;
                    messageState = MessageState.DELIVERED;
                    error = "000";
                }
            }
            String text = submit.text().length() > 20 ? submit.text().substring(0, 20) : submit.text();
            DeliveryReceipt receipt = new DeliveryReceipt(submit.messageId(), 1, state == DeliveryReceiptState.DELIVRD ? 1 : 0,
                    submitted, new Date(), state, error, text.replaceAll("[^\\x20-\\x7E]", "?"));
            try {
                session.deliverShortMessage("",
                        TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, submit.destination().substring(1),
                        TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, submit.source().substring(1),
                        new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                        (byte) 0, (byte) 0, new RegisteredDelivery(0), new GeneralDataCoding(Alphabet.ALPHA_DEFAULT),
                        receipt.toString().getBytes(StandardCharsets.ISO_8859_1),
                        new OptionalParameter.Receipted_message_id(submit.messageId()),
                        new OptionalParameter.Message_state(messageState.value()));
            } catch (Exception e) {
                if (attempt < MAX_RECEIPT_ATTEMPTS && running) {
                    log.debug("receipt for {} not taken ({}); retry {}", submit.messageId(), e.getMessage(), attempt);
                    receiptSender.schedule(() -> sendReceipt(pickSession(session), submit, submitted, attempt + 1),
                            1, TimeUnit.SECONDS);
                } else {
                    log.warn("receipt for {} dropped by the simulator after {} attempts", submit.messageId(), attempt);
                }
            }
        }

        /** The session itself when it receives (a transceiver); else a receiver bound now, as an SMSC routes receipts. */
        private SMPPServerSession pickSession(SMPPServerSession previous) {
            if (previous.getSessionState().isReceivable() && sessions.contains(previous)) {
                return previous;
            }
            return sessions.stream().filter(s -> s.getSessionState().isReceivable()).findFirst().orElse(previous);
        }
    }
}
