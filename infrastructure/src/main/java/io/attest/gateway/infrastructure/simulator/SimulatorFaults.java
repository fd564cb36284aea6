package io.attest.gateway.infrastructure.simulator;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The faults the simulator shows besides its outcome rules, as a carrier's SMSC does under load or misconfigured: set
 * from {@code gateway.simulator.*} at start, and changeable while it runs (by the fault drills and the tests).
 */
public final class SimulatorFaults {

    private volatile Duration responseDelay;
    private volatile boolean receiptsBeforeResponses;
    private volatile boolean reverseSegmentReceipts;
    private volatile boolean gsm7Packed;
    private volatile int maxSubmitsPerSecond;
    private final AtomicInteger dropWhenOutstanding = new AtomicInteger();
    private final AtomicInteger takenBeforeThrottling = new AtomicInteger(-1);
    private final Map<String, SimulatedOutcome> overrides = new ConcurrentHashMap<>();
    private long windowStart = System.nanoTime();
    private int admittedInWindow;

    SimulatorFaults(SimulatorProperties properties) {
        this.responseDelay = properties.responseDelay();
        this.receiptsBeforeResponses = properties.receiptsBeforeResponses();
        this.reverseSegmentReceipts = properties.reverseSegmentReceipts();
        this.gsm7Packed = properties.gsm7Packed();
        this.maxSubmitsPerSecond = properties.maxSubmitsPerSecond();
        this.dropWhenOutstanding.set(properties.dropConnectionsWhenOutstanding());
        this.takenBeforeThrottling.set(properties.throttleAfter());
    }

    /** Holds every submit_sm_resp back this long after taking the message, as an SMSC under load does. */
    public void responseDelay(Duration delay) {
        this.responseDelay = delay;
    }

    Duration responseDelay() {
        return responseDelay;
    }

    /** Sends each receipt before the submit_sm_resp that names the message, as some SMSCs do under load. */
    public void receiptsBeforeResponses(boolean before) {
        this.receiptsBeforeResponses = before;
    }

    boolean receiptsBeforeResponses() {
        return receiptsBeforeResponses;
    }

    /** Receipts of a concatenated message's segments come last segment first, as some carriers send them. */
    public void reverseSegmentReceipts(boolean reverse) {
        this.reverseSegmentReceipts = reverse;
    }

    boolean reverseSegmentReceipts() {
        return reverseSegmentReceipts;
    }

    /** GSM-7 text in short_message as packed septets, as an SMSC configured so expects and sends it. */
    public void gsm7Packed(boolean packed) {
        this.gsm7Packed = packed;
    }

    public boolean gsm7Packed() {
        return gsm7Packed;
    }

    /** Submits beyond this many per second are answered ESME_RTHROTTLED, as a carrier enforcing its cap does; 0: none. */
    public void maxSubmitsPerSecond(int limit) {
        this.maxSubmitsPerSecond = limit;
    }

    int maxSubmitsPerSecond() {
        return maxSubmitsPerSecond;
    }

    /** Whether one more submit fits this second's limit. */
    synchronized boolean admit() {
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

    /**
     * Takes this many more submits, then answers every submit ESME_RTHROTTLED until called with -1, as a carrier
     * whose queue for the account filled up does.
     */
    public void throttleAfter(int submits) {
        takenBeforeThrottling.set(submits);
    }

    /** Whether the queue that {@link #throttleAfter} sets is full: true answers this submit ESME_RTHROTTLED. */
    boolean queueFull() {
        return takenBeforeThrottling.get() >= 0
                && takenBeforeThrottling.getAndUpdate(left -> left > 0 ? left - 1 : left) == 0;
    }

    /**
     * The next time this many submit_sm of one session are in hand at once (with a response delay), every connection
     * drops without answering them: those submits are discarded, not taken, as when the network fails mid-window.
     */
    public void dropConnectionsWhenOutstanding(int submits) {
        dropWhenOutstanding.set(submits);
    }

    /** Whether the connections drop now, with this many submits in hand; true once per setting. */
    boolean dropNow(int inHand) {
        int dropAt = dropWhenOutstanding.get();
        return dropAt > 0 && inHand >= dropAt && dropWhenOutstanding.compareAndSet(dropAt, 0);
    }

    /** Makes the simulator treat one destination differently from its rules. */
    public void override(String destinationE164, SimulatedOutcome outcome) {
        overrides.put(destinationE164, outcome);
    }

    SimulatedOutcome overrideFor(String destinationE164) {
        return overrides.get(destinationE164);
    }
}
