package io.attest.gateway.domain.shared;

/** A command asked an aggregate for a transition its state machine does not allow. Nothing is recorded. */
public class IllegalTransitionException extends RuntimeException {

    public IllegalTransitionException(String message) {
        super(message);
    }
}
