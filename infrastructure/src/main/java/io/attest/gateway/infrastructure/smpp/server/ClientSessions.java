package io.attest.gateway.infrastructure.smpp.server;

import io.attest.gateway.application.smppclient.port.in.ManageSmppCredentialsUseCase.Credential;
import io.attest.gateway.application.smppclient.port.in.SubmitFromSmppClientUseCase.Address;
import io.attest.gateway.application.smppclient.port.out.SmppClientSessionsPort;
import io.attest.gateway.domain.message.Gsm7Alphabet;
import io.attest.gateway.infrastructure.smpp.ShortMessageBody;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.BindType;
import org.jsmpp.bean.DeliveryReceipt;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageState;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.OptionalParameter;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.session.SMPPServerSession;
import org.jsmpp.util.DeliveryReceiptState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * The SMPP clients bound to this node, by account, and the way receipts and inbound messages reach them: a
 * {@code deliver_sm} to one of the account's receiver or transceiver binds, taking turns, each answered before the
 * next goes (so they arrive in order).
 */
public class ClientSessions implements SmppClientSessionsPort {

    private static final Logger log = LoggerFactory.getLogger(ClientSessions.class);

    /** A bind of an SMPP client: its session, the credential it bound with, and the number of its submits in hand. */
    public record BoundClient(SMPPServerSession session, Credential credential, BindType type, InetAddress from,
                              AtomicInteger inHand) {

        public boolean receives() {
            return type == BindType.BIND_RX || type == BindType.BIND_TRX;
        }

        public String accountId() {
            return credential.accountId();
        }
    }

    private final Map<SMPPServerSession, BoundClient> bySession = new ConcurrentHashMap<>();
    private final Map<String, List<BoundClient>> byAccount = new ConcurrentHashMap<>();
    private final AtomicInteger turn = new AtomicInteger();
    private final JsonMapper json;

    public ClientSessions(JsonMapper json) {
        this.json = json;
    }

    /** Adds the bind unless its credential has its maximum of binds open already. */
    public synchronized boolean add(BoundClient client) {
        long open = bySession.values().stream()
                .filter(c -> c.credential().systemId().equals(client.credential().systemId())).count();
        if (open >= client.credential().maxBinds()) {
            return false;
        }
        bySession.put(client.session(), client);
        byAccount.computeIfAbsent(client.accountId(), a -> new CopyOnWriteArrayList<>()).add(client);
        return true;
    }

    public synchronized void remove(SMPPServerSession session) {
        BoundClient client = bySession.remove(session);
        if (client != null) {
            byAccount.getOrDefault(client.accountId(), List.of()).remove(client);
        }
    }

    public BoundClient of(SMPPServerSession session) {
        return bySession.get(session);
    }

    /** Closes every bind of the system_id (its credential was revoked). */
    public void close(String systemId) {
        bySession.values().stream().filter(c -> c.credential().systemId().equals(systemId)).toList()
                .forEach(c -> c.session().unbindAndClose());
    }

    /** Asks every bind idle for this long for an enquire_link; one that does not answer is closed. */
    public void enquireIdle(java.time.Duration idleFor) {
        long now = System.currentTimeMillis();
        bySession.keySet().forEach(session -> IdleBinds.enquireIfIdle(session, idleFor.toMillis(), now));
    }

    public void closeAll() {
        List.copyOf(bySession.keySet()).forEach(SMPPServerSession::unbindAndClose);
    }

    /** The accounts with at least one bind that receives. */
    public Set<String> receivingAccounts() {
        return bySession.values().stream().filter(BoundClient::receives).map(BoundClient::accountId)
                .collect(Collectors.toSet());
    }

    public int bound(String accountId) {
        return byAccount.getOrDefault(accountId, List.of()).size();
    }

    public int bound() {
        return bySession.size();
    }

    @Override
    public boolean canReceive(String accountId) {
        return byAccount.getOrDefault(accountId, List.of()).stream().anyMatch(BoundClient::receives);
    }

    @Override
    public int deliver(String accountId, List<ClientDelivery> deliveries) {
        int done = 0;
        for (ClientDelivery delivery : deliveries) {
            if (!deliverOne(accountId, delivery)) {
                break;
            }
            done++;
        }
        return done;
    }

    /** Tries the account's receiving binds in turn until one acknowledges; false when none did. */
    private boolean deliverOne(String accountId, ClientDelivery delivery) {
        List<BoundClient> receivers = new ArrayList<>(byAccount.getOrDefault(accountId, List.of()).stream()
                .filter(BoundClient::receives).filter(c -> c.session().getSessionState().isReceivable()).toList());
        if (receivers.isEmpty()) {
            return false;
        }
        int first = Math.floorMod(turn.getAndIncrement(), receivers.size());
        for (int i = 0; i < receivers.size(); i++) {
            BoundClient client = receivers.get((first + i) % receivers.size());
            try {
                switch (delivery) {
                    case Receipt receipt -> sendReceipt(client.session(), receipt);
                    case Inbound inbound -> sendInbound(client.session(), inbound, client.credential().gsm7Packed());
                }
                return true;
            } catch (NegativeResponseException refused) {
                log.info("SMPP client {} refused a deliver_sm with status 0x{}; tried again later",
                        client.credential().systemId(), Integer.toHexString(refused.getCommandStatus()));
            } catch (Exception e) {
                log.info("SMPP client {} did not acknowledge a deliver_sm ({}); tried again later",
                        client.credential().systemId(), e.toString());
            }
        }
        return false;
    }

    private void sendReceipt(SMPPServerSession session, Receipt receipt) throws Exception {
        JsonNode data = json.readTree(receipt.feedData());
        DeliveryReceiptState state;
        MessageState messageState;
        String error = "000";
        switch (receipt.outcome()) {
            case DELIVERED -> {
                state = DeliveryReceiptState.DELIVRD;
                messageState = MessageState.DELIVERED;
            }
            case EXPIRED -> {
                state = DeliveryReceiptState.EXPIRED;
                messageState = MessageState.EXPIRED;
            }
            default -> {
                boolean rejected = data.has("errorCode"); // the carrier refused the submit itself
                state = rejected ? DeliveryReceiptState.REJECTD : DeliveryReceiptState.UNDELIV;
                messageState = rejected ? MessageState.REJECTED : MessageState.UNDELIVERABLE;
                error = threeDigits(data.path("carrierError").asString(data.path("errorCode").asString("")));
            }
        }
        DeliveryReceipt text = new DeliveryReceipt(receipt.messageId(), 1, state == DeliveryReceiptState.DELIVRD ? 1 : 0,
                Date.from(receipt.submittedAt()), Date.from(receipt.doneAt()), state, error, "");
        session.deliverShortMessage("", ton(receipt.source()), npi(receipt.source()), receipt.source().digits(),
                ton(receipt.destination()), npi(receipt.destination()), receipt.destination().digits(),
                new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                (byte) 0, (byte) 0, new RegisteredDelivery(0), new GeneralDataCoding(Alphabet.ALPHA_DEFAULT),
                text.toString().getBytes(StandardCharsets.ISO_8859_1),
                new OptionalParameter.Receipted_message_id(receipt.messageId()),
                new OptionalParameter.Message_state(messageState.value()));
    }

    private void sendInbound(SMPPServerSession session, Inbound inbound, boolean gsm7Packed) throws Exception {
        JsonNode data = json.readTree(inbound.feedData());
        String text = data.path("text").asString("");
        boolean gsm = text.codePoints().allMatch(cp -> Gsm7Alphabet.septets(cp) > 0);
        byte[] body = ShortMessageBody.encodeText(text, !gsm, 0, gsm7Packed);
        boolean payload = body.length > 254;
        OptionalParameter[] tlvs = payload
                ? new OptionalParameter[] {new OptionalParameter.OctetString(OptionalParameter.Tag.MESSAGE_PAYLOAD.code(), body)}
                : new OptionalParameter[0];
        session.deliverShortMessage("", TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN,
                digits(data.path("from").asString("")), TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN,
                digits(data.path("to").asString("")), new ESMClass(), (byte) 0, (byte) 0, new RegisteredDelivery(0),
                new GeneralDataCoding(gsm ? Alphabet.ALPHA_DEFAULT : Alphabet.ALPHA_UCS2), payload ? new byte[0] : body,
                tlvs);
    }

    private static String digits(String e164) {
        return e164.startsWith("+") ? e164.substring(1) : e164;
    }

    private static String threeDigits(String code) {
        String digits = code.replaceAll("[^0-9]", "");
        if (digits.isEmpty()) {
            return "000";
        }
        return digits.length() >= 3 ? digits.substring(digits.length() - 3) : "0".repeat(3 - digits.length()) + digits;
    }

    private static TypeOfNumber ton(Address address) {
        return TypeOfNumber.valueOf(address.ton());
    }

    private static NumberingPlanIndicator npi(Address address) {
        return NumberingPlanIndicator.valueOf(address.npi());
    }
}
