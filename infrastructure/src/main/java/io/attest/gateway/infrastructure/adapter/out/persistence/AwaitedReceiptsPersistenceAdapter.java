package io.attest.gateway.infrastructure.adapter.out.persistence;

import io.attest.gateway.application.message.port.out.AwaitedReceiptsPort;
import io.attest.gateway.domain.message.MessageId;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The messages waiting for their receipt, from the message read model ({@code delivery_status}, status SUBMITTED,
 * by when it last changed), and when each was last asked about ({@code receipt_query}). Each call commits on its own.
 */
@Component
class AwaitedReceiptsPersistenceAdapter implements AwaitedReceiptsPort {

    private final DSLContext db;

    AwaitedReceiptsPersistenceAdapter(DSLContext db) {
        this.db = db;
    }

    @Override
    public List<MessageId> awaitingReceipt(Instant submittedBefore, Instant notAskedSince, int limit) {
        return db.fetch("""
                        SELECT d.message_id FROM delivery_status d
                        LEFT JOIN receipt_query q ON q.message_id = d.message_id
                        WHERE d.status = 'SUBMITTED' AND d.updated_at < CAST(? AS TIMESTAMPTZ)
                          AND (q.asked_at IS NULL OR q.asked_at < CAST(? AS TIMESTAMPTZ))
                        ORDER BY d.updated_at LIMIT ?""",
                submittedBefore.atOffset(ZoneOffset.UTC), notAskedSince.atOffset(ZoneOffset.UTC), limit)
                .map(row -> MessageId.of(row.get(0, String.class)));
    }

    @Override
    public void asked(MessageId messageId, Instant at) {
        db.execute("""
                INSERT INTO receipt_query (message_id, asked_at) VALUES (?, CAST(? AS TIMESTAMPTZ))
                ON CONFLICT (message_id) DO UPDATE SET asked_at = EXCLUDED.asked_at""",
                messageId.value(), at.atOffset(ZoneOffset.UTC));
    }

    @Override
    public void forgetAnswered() {
        db.execute("""
                DELETE FROM receipt_query q WHERE NOT EXISTS (
                    SELECT 1 FROM delivery_status d WHERE d.message_id = q.message_id AND d.status = 'SUBMITTED')""");
    }
}
