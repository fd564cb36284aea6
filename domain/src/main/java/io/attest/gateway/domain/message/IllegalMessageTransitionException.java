package io.attest.gateway.domain.message;

/** A command asked for a transition the message's state machine does not allow. Nothing is recorded. */
public class IllegalMessageTransitionException extends io.attest.gateway.domain.shared.IllegalTransitionException {

    public IllegalMessageTransitionException(String message) {
        super(message);
    }
}
