package io.attest.gateway.infrastructure.smpp.server;

import org.jsmpp.session.AbstractSession;
import org.jsmpp.session.SMPPServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Asks an idle client bind for an {@code enquire_link}, as an SMSC does to learn whether its client is still there.
 * jsmpp 3.0.1's server session starts its enquire_link sender but never tells it to send (its idle read timeout is set
 * before the bind and not again), so the gateway tells it: through the session's own sender, so the PDU takes
 * jsmpp's sequence numbers, its response timer and its handling of a client that does not answer (the session is
 * closed). The sender is a protected member; reflection reaches it, and a jsmpp without it is logged once.
 */
final class IdleBinds {

    private static final Logger log = LoggerFactory.getLogger(IdleBinds.class);
    private static final Field SENDER;
    private static final Method ENQUIRE;

    static {
        Field sender = null;
        Method enquire = null;
        try {
            sender = AbstractSession.class.getDeclaredField("enquireLinkSender");
            sender.setAccessible(true);
            enquire = sender.getType().getDeclaredMethod("enquireLink");
            enquire.setAccessible(true);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("this jsmpp has no enquire_link sender to ask: idle SMPP clients are not asked ({})", e.toString());
        }
        SENDER = sender;
        ENQUIRE = enquire;
    }

    private IdleBinds() {
    }

    /** Asks the bind for an enquire_link when nothing came from or went to it for {@code idleMillis}. */
    static void enquireIfIdle(SMPPServerSession session, long idleMillis, long nowMillis) {
        if (ENQUIRE == null || !session.getSessionState().isBound()
                || nowMillis - session.getLastActivityTimestamp() < idleMillis) {
            return;
        }
        try {
            Object sender = SENDER.get(session);
            if (sender != null) {
                ENQUIRE.invoke(sender);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("enquire_link not asked of session {}: {}", session.getSessionId(), e.toString());
        }
    }
}
