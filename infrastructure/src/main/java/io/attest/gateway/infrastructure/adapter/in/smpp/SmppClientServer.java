package io.attest.gateway.infrastructure.adapter.in.smpp;

import io.attest.gateway.application.limits.SendLimitReachedException;
import io.attest.gateway.application.message.port.in.SendMessageUseCase.AcceptedMessage;
import io.attest.gateway.application.smppclient.port.in.AuthenticateSmppClientUseCase;
import io.attest.gateway.application.smppclient.port.in.AuthenticateSmppClientUseCase.AddressNotAllowed;
import io.attest.gateway.application.smppclient.port.in.AuthenticateSmppClientUseCase.BindDecision;
import io.attest.gateway.application.smppclient.port.in.AuthenticateSmppClientUseCase.Granted;
import io.attest.gateway.application.smppclient.port.in.AuthenticateSmppClientUseCase.WrongCredentials;
import io.attest.gateway.application.smppclient.port.in.SubmitFromSmppClientUseCase;
import io.attest.gateway.application.smppclient.port.in.SubmitFromSmppClientUseCase.Address;
import io.attest.gateway.domain.compliance.ComplianceDecision;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.domain.shared.PhoneNumber;
import io.attest.gateway.infrastructure.security.FailedAttempts;
import io.attest.gateway.infrastructure.smpp.CarrierAddress;
import io.attest.gateway.infrastructure.smpp.ShortMessageBody;
import io.attest.gateway.infrastructure.smpp.server.ClientSessions;
import io.attest.gateway.infrastructure.smpp.server.ClientSessions.BoundClient;
import io.attest.gateway.infrastructure.smpp.server.SmppServerProperties;
import io.attest.gateway.infrastructure.smpp.server.SmppServerSockets;
import io.attest.gateway.infrastructure.smpp.server.UnsupportedRequests;
import org.jsmpp.SMPPConstant;
import org.jsmpp.bean.InterfaceVersion;
import org.jsmpp.bean.SubmitSm;
import org.jsmpp.extra.ProcessRequestException;
import org.jsmpp.extra.SessionState;
import org.jsmpp.session.BindRequest;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.session.SMPPServerSessionListener;
import org.jsmpp.session.SubmitSmResult;
import org.jsmpp.util.MessageId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The gateway's SMPP server for client applications (SMPP 3.4; binds of version 5.0 are answered as 5.0): binds are
 * checked against the account's SMPP credentials, and each {@code submit_sm} goes through the REST path's send, with
 * its compliance decision, recording and audit trail. Refusals answer a {@code command_status} (docs/errors.md#smpp):
 * a compliance rule's family in the vendor-specific range 0x400-0x4FF, a malformed address ESME_RINVSRCADR or
 * ESME_RINVDSTADR, the credential's rate ESME_RTHROTTLED, its window ESME_RMSGQFUL.
 */
public class SmppClientServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SmppClientServer.class);
    /** The most submits one bind may have in hand: the largest window a credential may have. */
    private static final int MAX_WINDOW = 100;

    private final SmppServerProperties properties;
    private final AuthenticateSmppClientUseCase authentication;
    private final SubmitFromSmppClientUseCase submits;
    private final io.attest.gateway.application.message.port.in.GetMessageQuery messages;
    private final io.attest.gateway.application.message.port.in.CancelMessageUseCase cancellations;
    private final ClientSessions clients;
    private final Clock clock;
    private final Consumer<String> bound;
    private final FailedAttempts failures;
    private final Map<String, AtomicLong> secondCounts = new ConcurrentHashMap<>();
    private volatile ServerSocket socket;
    private volatile SMPPServerSessionListener listener;
    private volatile ServerSocket tlsSocket;
    private volatile SMPPServerSessionListener tlsListener;
    private volatile boolean running;

    /** @param bound told of the account of each new bind, so what waits for it goes at once */
    public SmppClientServer(SmppServerProperties properties, AuthenticateSmppClientUseCase authentication,
                            SubmitFromSmppClientUseCase submits, ClientSessions clients, Clock clock,
                            Consumer<String> bound, io.attest.gateway.application.message.port.in.GetMessageQuery messages,
                            io.attest.gateway.application.message.port.in.CancelMessageUseCase cancellations) {
        this.messages = messages;
        this.cancellations = cancellations;
        this.properties = properties;
        this.authentication = authentication;
        this.submits = submits;
        this.clients = clients;
        this.clock = clock;
        this.bound = bound;
        this.failures = new FailedAttempts(properties.bindFailureLimit(), Duration.ofMinutes(15), 10_000, clock);
    }

    /** The port it listens on; -1 while it does not. */
    public int port() {
        ServerSocket current = socket;
        return current == null || current.isClosed() ? -1 : current.getLocalPort();
    }

    /** The port of its TLS listener; -1 while it has none. */
    public int tlsPort() {
        ServerSocket current = tlsSocket;
        return current == null || current.isClosed() ? -1 : current.getLocalPort();
    }

    @Override
    public synchronized void start() {
        InetAddress address;
        try {
            address = InetAddress.getByName(properties.address());
            socket = socket == null ? SmppServerSockets.open(address, properties.port())
                    : SmppServerSockets.reopen(address, socket.getLocalPort());
            listener = SmppServerSockets.listenerOn(socket, MAX_WINDOW, MAX_WINDOW * 2, connection -> {
            });
        } catch (IOException e) {
            throw new IllegalStateException("the SMPP server cannot listen on " + properties.address() + ":"
                    + properties.port(), e);
        }
        if (properties.tls().enabled()) {
            try {
                javax.net.ssl.SSLServerSocketFactory factory = properties.tls().context().getServerSocketFactory();
                int port = tlsSocket == null ? properties.tls().port() : tlsSocket.getLocalPort();
                tlsSocket = SmppServerSockets.open(factory, address, port);
                ((javax.net.ssl.SSLServerSocket) tlsSocket).setEnabledProtocols(
                        properties.tls().protocols().toArray(String[]::new));
                tlsListener = SmppServerSockets.listenerOn(tlsSocket, MAX_WINDOW, MAX_WINDOW * 2, connection -> {
                });
            } catch (IOException | java.security.GeneralSecurityException e) {
                throw new IllegalStateException("the SMPP server cannot listen with TLS on " + properties.address()
                        + ":" + properties.tls().port() + ": " + e.getMessage(), e);
            }
        }
        running = true;
        SMPPServerSessionListener current = listener;
        Thread.ofPlatform().name("smpp-server-acceptor").daemon().start(() -> acceptLoop(current));
        log.info("SMPP server for clients listening on {}:{}", properties.address(), port());
        if (tlsListener != null) {
            SMPPServerSessionListener secure = tlsListener;
            Thread.ofPlatform().name("smpp-server-tls-acceptor").daemon().start(() -> acceptLoop(secure));
            log.info("SMPP server for clients listening with TLS on {}:{}", properties.address(), tlsPort());
        }
    }

    private void acceptLoop(SMPPServerSessionListener sessions) {
        while (running) {
            try {
                SMPPServerSession session = sessions.accept();
                session.setMessageReceiverListener(new Submits());
                Thread.ofPlatform().name("smpp-server-bind").daemon().start(() -> awaitBind(session));
            } catch (IOException e) {
                if (running) {
                    log.warn("SMPP server accept failed: {}", e.toString());
                }
            }
        }
    }

    private void awaitBind(SMPPServerSession session) {
        BindRequest bind;
        try {
            bind = session.waitForBind(properties.bindTimeout().toMillis());
        } catch (Exception e) {
            log.info("SMPP connection from {} closed: no bind within {}", session.getInetAddress(), properties.bindTimeout());
            session.close();
            return;
        }
        InetAddress from = session.getInetAddress();
        String systemId = bind.getSystemId();
        try {
            String byId = "system_id:" + systemId;
            String byAddress = "address:" + from.getHostAddress();
            if (failures.lockedFor(byId).or(() -> failures.lockedFor(byAddress)).isPresent()) {
                log.warn("SMPP bind of system_id {} from {} refused: too many failed binds, locked for now", systemId,
                        from.getHostAddress());
                refuse(bind, session, SMPPConstant.STAT_ESME_RBINDFAIL);
                return;
            }
            BindDecision decision = authentication.authenticate(systemId, bind.getPassword(), from);
            switch (decision) {
                case WrongCredentials wrong -> {
                    failures.failed(byId);
                    failures.failed(byAddress);
                    log.warn("SMPP bind refused: wrong system_id or password (system_id {}, from {})", systemId,
                            from.getHostAddress());
                    refuse(bind, session, SMPPConstant.STAT_ESME_RINVPASWD);
                }
                case AddressNotAllowed notAllowed -> {
                    failures.failed(byAddress);
                    log.warn("SMPP bind of system_id {} refused: {} is not in its allowed addresses", systemId,
                            from.getHostAddress());
                    refuse(bind, session, SMPPConstant.STAT_ESME_RBINDFAIL);
                }
                case Granted granted -> {
                    BoundClient client = new BoundClient(session, granted.credential(), bind.getBindType(), from,
                            new java.util.concurrent.atomic.AtomicInteger());
                    if (!clients.add(client)) {
                        log.warn("SMPP bind of system_id {} refused: its {} binds are open already", systemId,
                                granted.credential().maxBinds());
                        refuse(bind, session, SMPPConstant.STAT_ESME_RBINDFAIL);
                        return;
                    }
                    failures.succeeded(byId);
                    session.addSessionStateListener((newState, oldState, source) -> {
                        if (newState == SessionState.CLOSED || newState == SessionState.UNBOUND) {
                            clients.remove(session);
                        }
                    });
                    session.setEnquireLinkTimer((int) properties.enquireLink().toMillis());
                    session.setTransactionTimer(properties.responseTimeout().toMillis());
                    InterfaceVersion version = bind.getInterfaceVersion() == InterfaceVersion.IF_50
                            ? InterfaceVersion.IF_50 : InterfaceVersion.IF_34;
                    bind.accept("attest", version);
                    log.info("SMPP client {} of account {} bound as {} from {}", systemId, client.accountId(),
                            bind.getBindType(), from.getHostAddress());
                    bound.accept(client.accountId());
                }
            }
        } catch (Exception e) {
            log.warn("SMPP bind of system_id {} from {} failed: {}", systemId, from, e.toString());
            clients.remove(session);
            session.close();
        }
    }

    /**
     * Answers, then keeps the connection for the failure delay before closing it: closed at once, the connection could be
     * reset before the client read the answer. A guesser pays a connection and the delay per try, and is locked out
     * after the failure limit.
     */
    private void refuse(BindRequest bind, SMPPServerSession session, int status) throws IOException {
        bind.reject(status);
        try {
            Thread.sleep(properties.bindFailureDelay().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        session.close();
    }

    @Override
    public synchronized void stop() {
        running = false;
        clients.closeAll();
        for (SMPPServerSessionListener each : new SMPPServerSessionListener[] {listener, tlsListener}) {
            try {
                if (each != null) {
                    each.close();
                }
            } catch (IOException e) {
                log.debug("closing a listener of the SMPP server", e);
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts after the send path and stops before it, so no submit comes in that cannot be sent. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    /** A submit second by second per credential on this node: false once it is over the credential's rate. */
    private boolean admit(BoundClient client) {
        int limit = client.credential().submitsPerSecond();
        if (limit <= 0) {
            return true;
        }
        long second = clock.millis() / 1000;
        AtomicLong count = secondCounts.computeIfAbsent(client.credential().systemId(), id -> new AtomicLong());
        long packed = count.updateAndGet(c -> (c >>> 20) == second ? c + 1 : (second << 20) | 1);
        return (packed & 0xFFFFF) <= limit;
    }

    /** submit_sm, data_sm, query_sm and cancel_sm; every other request is answered ESME_RINVCMDID. */
    private final class Submits extends UnsupportedRequests {

        Submits() {
            super("is not supported");
        }

        @Override
        public SubmitSmResult onAcceptSubmitSm(SubmitSm submit, SMPPServerSession source) throws ProcessRequestException {
            return new SubmitSmResult(take(submit, source), new org.jsmpp.bean.OptionalParameter[0]);
        }

        /** data_sm as a submit_sm whose text is in message_payload (SMPP 3.4 §4.7): the same path, the same answers. */
        @Override
        public org.jsmpp.session.DataSmResult onAcceptDataSm(org.jsmpp.bean.DataSm data, org.jsmpp.session.Session source)
                throws ProcessRequestException {
            if (!(source instanceof SMPPServerSession session)) {
                throw new ProcessRequestException("data_sm from a client session only", SMPPConstant.STAT_ESME_RINVCMDID);
            }
            SubmitSm submit = new SubmitSm();
            submit.setServiceType(data.getServiceType());
            submit.setSourceAddrTon(data.getSourceAddrTon());
            submit.setSourceAddrNpi(data.getSourceAddrNpi());
            submit.setSourceAddr(data.getSourceAddr());
            submit.setDestAddrTon(data.getDestAddrTon());
            submit.setDestAddrNpi(data.getDestAddrNpi());
            submit.setDestAddress(data.getDestAddress());
            submit.setEsmClass(data.getEsmClass());
            submit.setRegisteredDelivery(data.getRegisteredDelivery());
            submit.setDataCoding(data.getDataCoding());
            submit.setShortMessage(new byte[0]);
            submit.setOptionalParameters(data.getOptionalParameters());
            return new org.jsmpp.session.DataSmResult(take(submit, session), new org.jsmpp.bean.OptionalParameter[0]);
        }

        /**
         * Where one of the client's messages stands (a part's id reads its message). Another account's message, or
         * an unknown id, is ESME_RQUERYFAIL alike.
         */
        @Override
        public org.jsmpp.session.QuerySmResult onAcceptQuerySm(org.jsmpp.bean.QuerySm query, SMPPServerSession source)
                throws ProcessRequestException {
            BoundClient client = bound(source);
            var view = messageOf(client, query.getMessageId()).flatMap(id -> messages.find(
                    io.attest.gateway.domain.shared.AccountId.of(client.accountId()), id));
            if (view.isEmpty()) {
                throw new ProcessRequestException("no message " + query.getMessageId(), SMPPConstant.STAT_ESME_RQUERYFAIL);
            }
            org.jsmpp.bean.MessageState state = switch (view.get().status()) {
                case ACCEPTED, HELD, SUBMITTED -> org.jsmpp.bean.MessageState.ENROUTE;
                case SCHEDULED -> org.jsmpp.bean.MessageState.SCHEDULED;
                case DELIVERED -> org.jsmpp.bean.MessageState.DELIVERED;
                case FAILED -> org.jsmpp.bean.MessageState.UNDELIVERABLE;
                case EXPIRED -> org.jsmpp.bean.MessageState.EXPIRED;
                case BLOCKED -> org.jsmpp.bean.MessageState.REJECTED;
                case CANCELLED -> org.jsmpp.bean.MessageState.DELETED;
            };
            String finalDate = view.get().status().isTerminal()
                    ? new org.jsmpp.util.AbsoluteTimeFormatter().format(java.util.GregorianCalendar.from(
                    view.get().updatedAt().atZone(java.time.ZoneOffset.UTC))) : null;
            return new org.jsmpp.session.QuerySmResult(finalDate, state, (byte) 0);
        }

        /** Cancels a scheduled or held message of the client's account (as the REST cancellation does). */
        @Override
        public void onAcceptCancelSm(org.jsmpp.bean.CancelSm cancel, SMPPServerSession source)
                throws ProcessRequestException {
            BoundClient client = bound(source);
            var id = messageOf(client, cancel.getMessageId())
                    .orElseThrow(() -> new ProcessRequestException("cancel_sm needs the message_id of one message",
                            SMPPConstant.STAT_ESME_RCANCELFAIL));
            try {
                cancellations.cancel(io.attest.gateway.domain.shared.AccountId.of(client.accountId()), id);
            } catch (io.attest.gateway.application.shared.NotFoundException
                     | io.attest.gateway.domain.shared.IllegalTransitionException refused) {
                throw new ProcessRequestException(refused.getMessage(), SMPPConstant.STAT_ESME_RCANCELFAIL);
            }
        }

        private BoundClient bound(SMPPServerSession source) throws ProcessRequestException {
            BoundClient client = clients.of(source);
            if (client == null) {
                throw new ProcessRequestException("not bound", SMPPConstant.STAT_ESME_RINVBNDSTS);
            }
            return client;
        }

        /** The message an id names: the id itself, or for a part's id ({@code <id>.<n>}) its message. */
        private java.util.Optional<io.attest.gateway.domain.message.MessageId> messageOf(BoundClient client, String id) {
            if (id == null || id.isBlank() || id.length() > 64) {
                return java.util.Optional.empty();
            }
            String message = id.matches(".+\\.\\d{1,3}") ? id.substring(0, id.lastIndexOf('.')) : id;
            return java.util.Optional.of(io.attest.gateway.domain.message.MessageId.of(message));
        }

        /** Takes the submit within the bind's window and the credential's rate; the id to answer it with. */
        private MessageId take(SubmitSm submit, SMPPServerSession source) throws ProcessRequestException {
            BoundClient client = clients.of(source);
            if (client == null) {
                throw new ProcessRequestException("not bound", SMPPConstant.STAT_ESME_RINVBNDSTS);
            }
            int inHand = client.inHand().incrementAndGet();
            try {
                if (inHand > client.credential().window()) {
                    throw new ProcessRequestException("more than " + client.credential().window()
                            + " submits awaiting their response", SMPPConstant.STAT_ESME_RMSGQFUL);
                }
                if (!admit(client)) {
                    throw new ProcessRequestException("more than " + client.credential().submitsPerSecond()
                            + " submits a second", SMPPConstant.STAT_ESME_RTHROTTLED);
                }
                SubmitFromSmppClientUseCase.Submit request = submitOf(submit, client.credential().gsm7Packed());
                ShortMessageBody body = bodyOf(submit);
                AcceptedMessage accepted;
                String id;
                if (body.header().total() > 1) {
                    var answer = submits.submitPart(client.credential(), request,
                            partOf(body, submit, client.credential().gsm7Packed()),
                            (octets, coding) -> new ShortMessageBody(body.header(), octets, true).decodedText(coding, false));
                    accepted = answer.accepted();
                    id = answer.partId();
                } else {
                    accepted = submits.submit(client.credential(), request);
                    id = accepted.messageId().value();
                }
                if (accepted != null && accepted.decision() instanceof ComplianceDecision.Blocked blocked) {
                    throw new ProcessRequestException("blocked by " + blocked.rule().id() + " (message "
                            + accepted.messageId().value() + ")", SmppStatuses.ofRule(blocked.rule().id()));
                }
                return new MessageId(id);
            } catch (ProcessRequestException refused) {
                throw refused;
            } catch (InvalidInputException invalid) {
                throw new ProcessRequestException(invalid.getMessage(), SmppStatuses.ofInvalidInput(invalid.errorCode()));
            } catch (SendLimitReachedException limit) {
                throw new ProcessRequestException(limit.getMessage(), SMPPConstant.STAT_ESME_RTHROTTLED);
            } catch (RuntimeException | org.jsmpp.PDUStringException failed) {
                if (failed.getCause() instanceof InvalidInputException invalid) { // refused by the aggregate: nothing recorded
                    throw new ProcessRequestException(invalid.getMessage(), SmppStatuses.ofInvalidInput(invalid.errorCode()));
                }
                log.warn("SMPP submit of {} failed: {}", client.credential().systemId(), failed.toString());
                throw new ProcessRequestException("the gateway could not take the message; retry",
                        SMPPConstant.STAT_ESME_RSYSERR);
            } finally {
                client.inHand().decrementAndGet();
            }
        }

        private ShortMessageBody bodyOf(SubmitSm submit) throws ProcessRequestException {
            ShortMessageBody body;
            try {
                body = ShortMessageBody.of(submit);
            } catch (RuntimeException e) {
                throw new ProcessRequestException("malformed user data: " + e.getMessage(), SMPPConstant.STAT_ESME_RINVMSGLEN);
            }
            int coding = submit.getDataCoding() & 0xFF;
            if (coding != 0x00 && coding != 0x01 && coding != 0x03 && coding != 0x08) {
                throw new ProcessRequestException("data_coding 0x" + Integer.toHexString(coding) + " is not taken: "
                        + "send text as GSM-7 (0), IA5 (1), Latin-1 (3) or UCS-2 (8)", SMPPConstant.STAT_ESME_RINVDCS);
            }
            return body;
        }

        /** A part's octets: packed GSM-7 unpacked by its own header's fill bits, so the parts join as septets. */
        private static SubmitFromSmppClientUseCase.Part partOf(ShortMessageBody body, SubmitSm submit, boolean packed)
                throws ProcessRequestException {
            var header = body.header();
            if (header.sequence() < 1 || header.sequence() > header.total()) {
                throw new ProcessRequestException("part " + header.sequence() + " of " + header.total()
                        + " is not a part of its message", SMPPConstant.STAT_ESME_RINVESMCLASS);
            }
            byte[] octets = packed && (submit.getDataCoding() & 0xFF) == 0
                    ? io.attest.gateway.infrastructure.smpp.Gsm7Packing.unpack(body.text(),
                    io.attest.gateway.infrastructure.smpp.Gsm7Packing.fillBits(header.octets()))
                    : body.text();
            return new SubmitFromSmppClientUseCase.Part(header.reference(), header.total(), header.sequence(),
                    octets, submit.getDataCoding());
        }

        /** The submit's fields; its text (for a part, the part's) decoded by its data_coding. */
        private SubmitFromSmppClientUseCase.Submit submitOf(SubmitSm submit, boolean packed) throws ProcessRequestException {
            String from = e164(submit.getSourceAddr(), submit.getSourceAddrTon(), SMPPConstant.STAT_ESME_RINVSRCADR);
            String to = e164(submit.getDestAddress(), submit.getDestAddrTon(), SMPPConstant.STAT_ESME_RINVDSTADR);
            java.time.Instant now = clock.instant();
            java.time.Instant sendAt;
            try {
                Duration untilDue = SmppTime.fromNow(submit.getScheduleDeliveryTime(), now);
                sendAt = untilDue == null ? null : now.plus(untilDue);
            } catch (IllegalArgumentException e) {
                throw new ProcessRequestException(e.getMessage(), SMPPConstant.STAT_ESME_RINVSCHED);
            }
            Duration validFor;
            try {
                Duration untilInvalid = SmppTime.fromNow(submit.getValidityPeriod(), now);
                // SMPP's validity is a point in time; the gateway's counts from when the message is due
                validFor = untilInvalid == null ? null
                        : sendAt == null ? untilInvalid : untilInvalid.minus(Duration.between(now, sendAt));
            } catch (IllegalArgumentException e) {
                throw new ProcessRequestException(e.getMessage(), SMPPConstant.STAT_ESME_RINVEXPIRY);
            }
            String text = bodyOf(submit).decodedText(submit.getDataCoding(), packed);
            return new SubmitFromSmppClientUseCase.Submit(from, to, text, submit.getRegisteredDelivery(),
                    new Address(submit.getSourceAddr(), submit.getSourceAddrTon(), submit.getSourceAddrNpi()),
                    new Address(submit.getDestAddress(), submit.getDestAddrTon(), submit.getDestAddrNpi()),
                    validFor, sendAt);
        }

        private static String e164(String address, byte ton, int status) throws ProcessRequestException {
            try {
                if (address == null || address.isBlank()) {
                    throw new IllegalArgumentException("empty");
                }
                return CarrierAddress.fromCarrier(address, ton).e164();
            } catch (RuntimeException e) {
                throw new ProcessRequestException("'" + address + "' is not a phone number", status);
            }
        }
    }
}
