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
 * to try the gateway without a carrier.
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
     * The submits kept for inspection and for their receipts: the last {@value #KEEP_RECEIVED}, so a simulator
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
    private final List<BindSeen> binds = new CopyOnWriteArrayList<>();
    private final Map<SMPPServerSession, java.util.concurrent.atomic.AtomicInteger> outstanding = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger maxOutstanding = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger dropWhenOutstanding = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger discarded = new java.util.concurrent.atomic.AtomicInteger();
    private volatile boolean gsm7Packed;
    private final Map<String, SimulatedOutcome> overrides = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread acceptor;

    public SmscSimulator(SimulatorProperties properties) throws IOException {
        this.properties = properties;
        this.maxSubmitsPerSecond = properties.maxSubmitsPerSecond();
        this.responseDelay = properties.responseDelay();
        this.receiptsBeforeResponses = properties.receiptsBeforeResponses();
        this.reverseSegmentReceipts = properties.reverseSegmentReceipts();
        this.gsm7Packed = properties.gsm7Packed();
        this.dropWhenOutstanding.set(properties.dropConnectionsWhenOutstanding());
        this.takenBeforeThrottling.set(properties.throttleAfter());
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
    private volatile int maxSubmitsPerSecond;
    private final java.util.concurrent.atomic.AtomicInteger throttled = new java.util.concurrent.atomic.AtomicInteger();
    private long windowStart = System.nanoTime();
    private int admittedInWindow;

    private final java.util.concurrent.atomic.AtomicInteger takenBeforeThrottling = new java.util.concurrent.atomic.AtomicInteger(-1);

    /**
     * Takes this many more submits, then answers every submit ESME_RTHROTTLED until called with -1, as a carrier
     * whose queue for the account filled up does.
     */
    public void throttleAfter(int submits) {
        takenBeforeThrottling.set(submits);
    }

    /** Submits beyond this many per second are answered ESME_RTHROTTLED, as a carrier enforcing its cap does; 0: none. */
    public void maxSubmitsPerSecond(int limit) {
        this.maxSubmitsPerSecond = limit;
    }

    /** How many submits were answered ESME_RTHROTTLED for going over the limit. */
    public int throttledCount() {
        return throttled.get();
    }

    private synchronized boolean admit() {
        int limit = maxSubmitsPerSecond;
        if (limit <= 0) {
            return true;
        }
        long now = System.nanoTime();
        if (now - windowStart >= 1_000_000_000L) {
            windowStart = now;
            admittedInWindow = 0;
        }
        return ++admittedInWindow <= limit;
    }

    public int port() {
        return port;
    }

    /** The submit_sm the simulator accepted, oldest first (the latest {@value #KEEP_RECEIVED}). */
    public List<ReceivedSubmit> received() {
        synchronized (received) {
            return List.copyOf(received.values());
        }
    }

    /** Makes the simulator treat one destination differently from its rules (for tests and demos). */
    public void override(String destinationE164, SimulatedOutcome outcome) {
        overrides.put(destinationE164, outcome);
    }

    /**
     * A subscriber texts one of the gateway's numbers: a deliver_sm (not a receipt) over the first bound
     * session, GSM-7 when the text allows, UCS-2 otherwise.
     *
     * @return true when the gateway acknowledged it with ESME_ROK
     */
    private final ReceiptScheduler receiptScheduler = new ReceiptScheduler();
    private volatile java.time.Duration responseDelay = java.time.Duration.ZERO;
    private volatile boolean receiptsBeforeResponses;

    /** Holds every submit_sm_resp back this long after taking the message, as an SMSC under load does. */
    public void responseDelay(java.time.Duration delay) {
        this.responseDelay = delay;
    }

    /** Sends each receipt before the submit_sm_resp that names the message, as some SMSCs do under load. */
    public void receiptsBeforeResponses(boolean before) {
        this.receiptsBeforeResponses = before;
    }

    /** Sends a delivery receipt whose text no parser can read; true when the gateway took it. */
    public boolean sendMalformedReceipt() {
        SMPPServerSession session = receivableSession();
        try {
            session.deliverShortMessage("",
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "15557654321",
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "15551234567",
                    new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                    (byte) 0, (byte) 0, new RegisteredDelivery(0), new GeneralDataCoding(Alphabet.ALPHA_DEFAULT),
                    "this is no receipt: stat and id are missing".getBytes(StandardCharsets.ISO_8859_1));
            return true;
        } catch (org.jsmpp.extra.NegativeResponseException e) {
            log.info("gateway refused the malformed receipt: status 0x{}", Integer.toHexString(e.getCommandStatus()));
            return false;
        } catch (Exception e) {
            throw new IllegalStateException("malformed receipt not delivered: " + e.getMessage(), e);
        }
    }

    /** Sessions bound now, of every client. */
    public int boundSessions() {
        return (int) sessions.stream().filter(s -> s.getSessionState().isBound()).count();
    }

    private SMPPServerSession receivableSession() {
        return sessions.stream().filter(s -> s.getSessionState().isReceivable()).findFirst()
                .orElseThrow(() -> new IllegalStateException("no bound session to deliver to"));
    }

    public boolean sendInbound(String fromE164, String toE164, String text) {
        SMPPServerSession session = receivableSession();
        boolean gsm = text.codePoints().allMatch(cp -> Gsm7Alphabet.septets(cp) > 0);
        try {
            session.deliverShortMessage("",
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, fromE164.substring(1),
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, toE164.substring(1),
                    new ESMClass(), (byte) 0, (byte) 0, new RegisteredDelivery(0),
                    new GeneralDataCoding(gsm ? Alphabet.ALPHA_DEFAULT : Alphabet.ALPHA_UCS2),
                    ShortMessageBody.encodeText(text, !gsm, 0, gsm7Packed));
            return true;
        } catch (org.jsmpp.extra.NegativeResponseException e) {
            log.info("gateway refused inbound message: status 0x{}", Integer.toHexString(e.getCommandStatus()));
            return false;
        } catch (Exception e) {
            throw new IllegalStateException("inbound message not delivered: " + e.getMessage(), e);
        }
    }

    /**
     * The next time this many submit_sm of one session are in hand at once (with a response delay), every connection
     * drops without answering them: those submits are discarded, not taken, as when the network fails mid-window.
     */
    public void dropConnectionsWhenOutstanding(int submits) {
        dropWhenOutstanding.set(submits);
    }

    private final java.util.concurrent.atomic.AtomicInteger malformedWritten = new java.util.concurrent.atomic.AtomicInteger();

    /** Malformed PDUs written onto connections so far. */
    public int malformedPduCount() {
        return malformedWritten.get();
    }

    /** Submit_sm discarded by a drop mid-window (neither taken nor answered). */
    public int discardedCount() {
        return discarded.get();
    }

    /** The most submit_sm one session had in hand, unanswered, at once since the start (or the last reset). */
    public int maxOutstanding() {
        return maxOutstanding.get();
    }

    public void resetMaxOutstanding() {
        maxOutstanding.set(0);
    }

    /** GSM-7 text in short_message as packed septets, as an SMSC configured so expects and sends it. */
    public void gsm7Packed(boolean packed) {
        this.gsm7Packed = packed;
    }

    /** Every bind accepted, in order: its type and the parameters the client sent. */
    public List<BindSeen> binds() {
        return List.copyOf(binds);
    }

    /** One accepted bind: the bind PDU's type, system_type and address_range with its TON and NPI. */
    public record BindSeen(org.jsmpp.bean.BindType type, String systemType, String addressRange, byte addrTon, byte addrNpi) {
    }

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
                malformedWritten.incrementAndGet();
            } catch (IOException e) {
                log.debug("malformed PDU not written: {}", e.getMessage());
            }
        }
    }

    /**
     * A subscriber's long message: split into {@code total} deliver_sm with a concatenation user data header (8-bit
     * reference), of which the parts named are sent in the order given (1-based; leave one out to lose it on the way),
     * GSM-7 when the text allows, UCS-2 otherwise.
     *
     * @return true when the gateway acknowledged every part sent with ESME_ROK
     */
    public boolean sendInboundConcatenated(String fromE164, String toE164, String text, int reference, int total,
                                           int[] order) {
        SMPPServerSession session = receivableSession();
        boolean gsm = text.codePoints().allMatch(cp -> Gsm7Alphabet.septets(cp) > 0);
        int size = (text.length() + total - 1) / total;
        boolean all = true;
        for (int part : order) {
            String piece = text.substring(Math.min(text.length(), (part - 1) * size), Math.min(text.length(), part * size));
            byte[] udh = {0x05, 0x00, 0x03, (byte) reference, (byte) total, (byte) part};
            byte[] body = ShortMessageBody.encodeText(piece, !gsm, udh.length, gsm7Packed);
            byte[] message = new byte[udh.length + body.length];
            System.arraycopy(udh, 0, message, 0, udh.length);
            System.arraycopy(body, 0, message, udh.length, body.length);
            try {
                session.deliverShortMessage("",
                        TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, fromE164.substring(1),
                        TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, toE164.substring(1),
                        new ESMClass((byte) 0x40), (byte) 0, (byte) 0, new RegisteredDelivery(0),
                        new GeneralDataCoding(gsm ? Alphabet.ALPHA_DEFAULT : Alphabet.ALPHA_UCS2), message);
            } catch (org.jsmpp.extra.NegativeResponseException e) {
                all = false;
            } catch (Exception e) {
                throw new IllegalStateException("inbound part not delivered: " + e.getMessage(), e);
            }
        }
        return all;
    }

    /** Drops every client connection without unbinding, as a failing network or SMSC would. */
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
                binds.add(new BindSeen(bind.getBindType(), bind.getSystemType(), bind.getAddressRange(),
                        bind.getAddrTon().value(), bind.getAddrNpi().value()));
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
        SimulatedOutcome override = overrides.get(destinationE164);
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
    }

    private ReceivedSubmit receivedWithId(String messageId) {
        synchronized (received) {
            return received.get(messageId);
        }
    }

    /** The segments of concatenated messages taken so far, reassembled by reference, each in segment order. */
    public java.util.Map<Integer, String> reassembled() {
        java.util.Map<Integer, java.util.TreeMap<Integer, String>> parts = new java.util.TreeMap<>();
        for (ReceivedSubmit submit : received()) {
            if (submit.segments() > 1) {
                parts.computeIfAbsent(submit.reference(), r -> new java.util.TreeMap<>()).put(submit.segment(), submit.text());
            }
        }
        java.util.Map<Integer, String> texts = new java.util.TreeMap<>();
        parts.forEach((reference, segments) -> texts.put(reference, String.join("", segments.values())));
        return texts;
    }

    private volatile boolean reverseSegmentReceipts;

    /** Receipts of a concatenated message's segments come last segment first, as some carriers send them. */
    public void reverseSegmentReceipts(boolean reverse) {
        this.reverseSegmentReceipts = reverse;
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
            if (takenBeforeThrottling.get() >= 0
                    && takenBeforeThrottling.getAndUpdate(left -> left > 0 ? left - 1 : left) == 0) {
                throttled.incrementAndGet();
                throw new ProcessRequestException("the account's queue is full", SMPPConstant.STAT_ESME_RTHROTTLED);
            }
            if (!admit()) {
                throttled.incrementAndGet();
                throw new ProcessRequestException("more than " + maxSubmitsPerSecond + " submits this second",
                        SMPPConstant.STAT_ESME_RTHROTTLED);
            }
            ShortMessageBody message = ShortMessageBody.of(submitSm);
            int reference = message.header().reference();
            int segment = message.header().sequence();
            int segments = message.header().total();
            String text = message.decodedText(submitSm.getDataCoding(), gsm7Packed);
            MessageId messageId = newMessageId();
            ReceivedSubmit taken = new ReceivedSubmit(messageId.getValue(),
                    e164(submitSm.getSourceAddr(), submitSm.getSourceAddrTon()), destination,
                    submitSm.getDataCoding(), text, message.viaMessagePayload(), outcome, reference, segment, segments,
                    submitSm.getSourceAddrTon(), submitSm.getSourceAddrNpi(), submitSm.getDestAddrTon(),
                    submitSm.getDestAddrNpi(), submitSm.getSourceAddr(), submitSm.getDestAddress(), java.time.Instant.now());
            java.util.concurrent.atomic.AtomicInteger inHand =
                    outstanding.computeIfAbsent(source, s -> new java.util.concurrent.atomic.AtomicInteger());
            int now = inHand.incrementAndGet();
            maxOutstanding.accumulateAndGet(now, Math::max);
            try {
                int dropAt = dropWhenOutstanding.get();
                if (dropAt > 0 && now >= dropAt && dropWhenOutstanding.compareAndSet(dropAt, 0)) {
                    discarded.incrementAndGet();
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
                if (receiptsBeforeResponses && outcome != SimulatedOutcome.NO_RECEIPT
                        && outcome != SimulatedOutcome.LOST_RECEIPT) {
                    // before the response is even sent
                    receiptScheduler.sendReceipt(receiptScheduler.pickSession(source), taken, new Date(), 1);
                }
                long hold = receiptsBeforeResponses ? Math.max(100, responseDelay.toMillis()) : responseDelay.toMillis();
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
                    discarded.incrementAndGet();
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
                    || submit.outcome() == SimulatedOutcome.LOST_RECEIPT || receiptsBeforeResponses) {
                return; // no receipt, or it went before this response
            }
            Date submitted = new Date();
            long delay = properties.receiptDelay().toMillis();
            if (reverseSegmentReceipts && submit.segments() > 1) {
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
