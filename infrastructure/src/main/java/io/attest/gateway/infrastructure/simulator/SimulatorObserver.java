package io.attest.gateway.infrastructure.simulator;

/**
 * Told what the simulator does, as it does it: what a drill or a test watches. Called on the simulator's threads;
 * implementations return quickly.
 */
public interface SimulatorObserver {

    default void bound(SmscSimulator.BindSeen bind) {
    }

    /** A submit_sm was taken (its response may still be held back). */
    default void taken(SmscSimulator.ReceivedSubmit submit) {
    }

    /** A taken submit was lost with its connection before it was answered: as if it never came. */
    default void forgotten(String messageId) {
    }

    /** A submit was answered ESME_RTHROTTLED for going over the per-second limit. */
    default void throttled() {
    }

    /** A submit was discarded by a drop of the connections mid-window. */
    default void discarded() {
    }

    /** A session had this many submits in hand, unanswered, at once. */
    default void inHand(int submits) {
    }

    default void malformedPduWritten() {
    }
}
