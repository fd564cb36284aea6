package io.attest.gateway.domain.message;

/** Where a message stands. See docs/message-state-machine.md for the legal transitions. */
public enum MessageStatus {
    ACCEPTED(false),
    HELD(false),
    BLOCKED(true),
    SUBMITTED(false),
    DELIVERED(true),
    FAILED(true),
    EXPIRED(true),
    /** Accepted to be sent at a time the client chose; decided again then. */
    SCHEDULED(false),
    /** Cancelled by the client before it was released: never sent. */
    CANCELLED(true);

    private final boolean terminal;

    MessageStatus(boolean terminal) {
        this.terminal = terminal;
    }

    public boolean isTerminal() {
        return terminal;
    }
}
