package io.attest.gateway.infrastructure.support;

import io.attest.gateway.domain.message.Gsm7Alphabet;
import io.attest.gateway.infrastructure.simulator.SimulatedOutcome;
import io.attest.gateway.infrastructure.simulator.SimulatorObserver;
import io.attest.gateway.infrastructure.simulator.SmscSimulator;
import io.attest.gateway.infrastructure.simulator.SmscSimulator.BindSeen;
import io.attest.gateway.infrastructure.simulator.SmscSimulator.ReceivedSubmit;
import io.attest.gateway.infrastructure.smpp.ShortMessageBody;
import org.jsmpp.bean.Alphabet;
import org.jsmpp.bean.ESMClass;
import org.jsmpp.bean.GSMSpecificFeature;
import org.jsmpp.bean.GeneralDataCoding;
import org.jsmpp.bean.MessageMode;
import org.jsmpp.bean.MessageType;
import org.jsmpp.bean.NumberingPlanIndicator;
import org.jsmpp.bean.RegisteredDelivery;
import org.jsmpp.bean.TypeOfNumber;
import org.jsmpp.extra.NegativeResponseException;
import org.jsmpp.session.SMPPServerSession;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the tests see of and do to an SMSC simulator: the submits it took, its binds and counters (told by the
 * simulator as a {@link SimulatorObserver}), its faults, and the subscribers' messages and garbage it sends. Every
 * gateway a test starts gets one for its simulator ({@link SimulatorProbes}); a test that builds a simulator itself
 * takes {@link #on(SmscSimulator)} before using it.
 */
public final class SimulatorProbe implements SimulatorObserver {

    private static final Map<SmscSimulator, SimulatorProbe> PROBES = new WeakHashMap<>();
    private static final int KEEP = 50_000;

    private final SmscSimulator simulator;
    private final Map<String, ReceivedSubmit> received = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ReceivedSubmit> eldest) {
            return size() > KEEP;
        }
    };
    private final List<BindSeen> binds = new CopyOnWriteArrayList<>();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger discarded = new AtomicInteger();
    private final AtomicInteger malformed = new AtomicInteger();
    private final AtomicInteger maxOutstanding = new AtomicInteger();

    private SimulatorProbe(SmscSimulator simulator) {
        this.simulator = simulator;
    }

    /** The probe of this simulator, watching it from the first call on. */
    public static SimulatorProbe on(SmscSimulator simulator) {
        synchronized (PROBES) {
            return PROBES.computeIfAbsent(simulator, s -> {
                SimulatorProbe probe = new SimulatorProbe(s);
                s.observe(probe);
                return probe;
            });
        }
    }

    public SmscSimulator simulator() {
        return simulator;
    }

    public int port() {
        return simulator.port();
    }

    public void start() {
        simulator.start();
    }

    public void stop() {
        simulator.stop();
    }

    // --- what it took and saw -----------------------------------------------------------------------------------

    @Override
    public void bound(BindSeen bind) {
        binds.add(bind);
    }

    @Override
    public void taken(ReceivedSubmit submit) {
        synchronized (received) {
            received.put(submit.messageId(), submit);
        }
    }

    @Override
    public void forgotten(String messageId) {
        synchronized (received) {
            received.remove(messageId);
        }
    }

    @Override
    public void throttled() {
        throttled.incrementAndGet();
    }

    @Override
    public void discarded() {
        discarded.incrementAndGet();
    }

    @Override
    public void inHand(int submits) {
        maxOutstanding.accumulateAndGet(submits, Math::max);
    }

    @Override
    public void malformedPduWritten() {
        malformed.incrementAndGet();
    }

    /** The submit_sm the simulator took since the probe watches, oldest first. */
    public List<ReceivedSubmit> received() {
        synchronized (received) {
            return List.copyOf(received.values());
        }
    }

    /** The segments of concatenated messages taken so far, reassembled by reference, each in segment order. */
    public Map<Integer, String> reassembled() {
        Map<Integer, TreeMap<Integer, String>> parts = new TreeMap<>();
        for (ReceivedSubmit submit : received()) {
            if (submit.segments() > 1) {
                parts.computeIfAbsent(submit.reference(), r -> new TreeMap<>()).put(submit.segment(), submit.text());
            }
        }
        Map<Integer, String> texts = new TreeMap<>();
        parts.forEach((reference, segments) -> texts.put(reference, String.join("", segments.values())));
        return texts;
    }

    /** Every bind accepted, in order: its type and the parameters the client sent. */
    public List<BindSeen> binds() {
        return List.copyOf(binds);
    }

    /** Sessions bound now, of every client. */
    public int boundSessions() {
        return (int) simulator.sessions().stream().filter(s -> s.getSessionState().isBound()).count();
    }

    /** How many submits were answered ESME_RTHROTTLED for going over the limit. */
    public int throttledCount() {
        return throttled.get();
    }

    /** Submit_sm discarded by a drop mid-window (neither taken nor answered). */
    public int discardedCount() {
        return discarded.get();
    }

    /** Malformed PDUs written onto connections so far. */
    public int malformedPduCount() {
        return malformed.get();
    }

    /** The most submit_sm one session had in hand, unanswered, at once since the probe watches (or the last reset). */
    public int maxOutstanding() {
        return maxOutstanding.get();
    }

    public void resetMaxOutstanding() {
        maxOutstanding.set(0);
    }

    // --- its faults ---------------------------------------------------------------------------------------------

    public void responseDelay(Duration delay) {
        simulator.faults().responseDelay(delay);
    }

    public void receiptsBeforeResponses(boolean before) {
        simulator.faults().receiptsBeforeResponses(before);
    }

    public void reverseSegmentReceipts(boolean reverse) {
        simulator.faults().reverseSegmentReceipts(reverse);
    }

    public void gsm7Packed(boolean packed) {
        simulator.faults().gsm7Packed(packed);
    }

    public void maxSubmitsPerSecond(int limit) {
        simulator.faults().maxSubmitsPerSecond(limit);
    }

    public void throttleAfter(int submits) {
        simulator.faults().throttleAfter(submits);
    }

    public void dropConnectionsWhenOutstanding(int submits) {
        simulator.faults().dropConnectionsWhenOutstanding(submits);
    }

    public void override(String destinationE164, SimulatedOutcome outcome) {
        simulator.faults().override(destinationE164, outcome);
    }

    public void dropConnections() {
        simulator.dropConnections();
    }

    public void sendMalformedPdu(boolean invalidCommandId) {
        simulator.sendMalformedPdu(invalidCommandId);
    }

    // --- what subscribers send ----------------------------------------------------------------------------------

    private SMPPServerSession receivingSession() {
        return simulator.receivingSessions().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("no bound session to deliver to"));
    }

    /**
     * A subscriber texts one of the gateway's numbers: a deliver_sm (not a receipt) over the first bound session,
     * GSM-7 when the text allows, UCS-2 otherwise.
     *
     * @return true when the gateway acknowledged it with ESME_ROK
     */
    public boolean sendInbound(String fromE164, String toE164, String text) {
        boolean gsm = text.codePoints().allMatch(cp -> Gsm7Alphabet.septets(cp) > 0);
        try {
            receivingSession().deliverShortMessage("",
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, fromE164.substring(1),
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, toE164.substring(1),
                    new ESMClass(), (byte) 0, (byte) 0, new RegisteredDelivery(0),
                    new GeneralDataCoding(gsm ? Alphabet.ALPHA_DEFAULT : Alphabet.ALPHA_UCS2),
                    ShortMessageBody.encodeText(text, !gsm, 0, simulator.faults().gsm7Packed()));
            return true;
        } catch (NegativeResponseException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException("inbound message not delivered: " + e.getMessage(), e);
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
        SMPPServerSession session = receivingSession();
        boolean gsm = text.codePoints().allMatch(cp -> Gsm7Alphabet.septets(cp) > 0);
        int size = (text.length() + total - 1) / total;
        boolean all = true;
        for (int part : order) {
            String piece = text.substring(Math.min(text.length(), (part - 1) * size), Math.min(text.length(), part * size));
            byte[] udh = {0x05, 0x00, 0x03, (byte) reference, (byte) total, (byte) part};
            byte[] body = ShortMessageBody.encodeText(piece, !gsm, udh.length, simulator.faults().gsm7Packed());
            byte[] message = new byte[udh.length + body.length];
            System.arraycopy(udh, 0, message, 0, udh.length);
            System.arraycopy(body, 0, message, udh.length, body.length);
            try {
                session.deliverShortMessage("",
                        TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, fromE164.substring(1),
                        TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, toE164.substring(1),
                        new ESMClass((byte) 0x40), (byte) 0, (byte) 0, new RegisteredDelivery(0),
                        new GeneralDataCoding(gsm ? Alphabet.ALPHA_DEFAULT : Alphabet.ALPHA_UCS2), message);
            } catch (NegativeResponseException e) {
                all = false;
            } catch (Exception e) {
                throw new IllegalStateException("inbound part not delivered: " + e.getMessage(), e);
            }
        }
        return all;
    }

    /** Sends a delivery receipt whose text no parser can read; true when the gateway took it. */
    public boolean sendMalformedReceipt() {
        try {
            receivingSession().deliverShortMessage("",
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "15557654321",
                    TypeOfNumber.INTERNATIONAL, NumberingPlanIndicator.ISDN, "15551234567",
                    new ESMClass(MessageMode.DEFAULT, MessageType.SMSC_DEL_RECEIPT, GSMSpecificFeature.DEFAULT),
                    (byte) 0, (byte) 0, new RegisteredDelivery(0), new GeneralDataCoding(Alphabet.ALPHA_DEFAULT),
                    "this is no receipt: stat and id are missing".getBytes(StandardCharsets.ISO_8859_1));
            return true;
        } catch (NegativeResponseException e) {
            return false;
        } catch (Exception e) {
            throw new IllegalStateException("malformed receipt not delivered: " + e.getMessage(), e);
        }
    }
}
