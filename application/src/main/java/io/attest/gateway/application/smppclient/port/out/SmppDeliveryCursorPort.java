package io.attest.gateway.application.smppclient.port.out;

import java.util.function.LongUnaryOperator;

/** How far in its event feed an account's SMPP clients have acknowledged what was for them. */
public interface SmppDeliveryCursorPort {

    /**
     * Runs {@code delivery} with the account's cursor held (no other node delivers for the account meanwhile) and
     * stores the position it returns. Does nothing and returns -1 when another node holds it or the account has
     * no cursor.
     */
    long withCursor(String accountId, LongUnaryOperator delivery);
}
