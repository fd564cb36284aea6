package io.attest.gateway.infrastructure.adapter.out.persistence;

import io.attest.gateway.application.inbound.port.out.InboundSegmentStorePort;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;

import static io.attest.gateway.infrastructure.jooq.Tables.CARRIER_INBOUND_RECEIVED;
import static io.attest.gateway.infrastructure.jooq.Tables.CARRIER_INBOUND_SEGMENT;

/**
 * Segments of concatenated inbound messages in PostgreSQL, in the caller's transaction. A transaction-scoped
 * advisory lock on the message makes segments stored at once on different binds see each other.
 */
@Component
class InboundSegmentPersistenceAdapter implements InboundSegmentStorePort {

    private final DSLContext db;
    private final Clock clock;

    InboundSegmentPersistenceAdapter(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public List<Waiting> waitingSince(java.time.Instant cutoff, int limit) {
        var first = org.jooq.impl.DSL.min(CARRIER_INBOUND_SEGMENT.RECEIVED_AT);
        return db.select(CARRIER_INBOUND_SEGMENT.SOURCE_NUMBER, CARRIER_INBOUND_SEGMENT.DESTINATION_NUMBER,
                        CARRIER_INBOUND_SEGMENT.REFERENCE, CARRIER_INBOUND_SEGMENT.TOTAL)
                .from(CARRIER_INBOUND_SEGMENT)
                .groupBy(CARRIER_INBOUND_SEGMENT.SOURCE_NUMBER, CARRIER_INBOUND_SEGMENT.DESTINATION_NUMBER,
                        CARRIER_INBOUND_SEGMENT.REFERENCE, CARRIER_INBOUND_SEGMENT.TOTAL)
                .having(first.lt(cutoff.atOffset(java.time.ZoneOffset.UTC)))
                .orderBy(first)
                .limit(limit)
                .fetch(row -> new Waiting(PhoneNumber.of(row.value1()), PhoneNumber.of(row.value2()), row.value3(),
                        row.value4()));
    }

    @Override
    public java.util.SortedMap<Integer, String> segments(PhoneNumber from, PhoneNumber to, int reference, int total) {
        lock(from, to, reference, total);
        java.util.SortedMap<Integer, String> parts = new java.util.TreeMap<>();
        db.select(CARRIER_INBOUND_SEGMENT.SEQUENCE, CARRIER_INBOUND_SEGMENT.TEXT)
                .from(CARRIER_INBOUND_SEGMENT)
                .where(ofMessage(from, to, reference, total))
                .forEach(row -> parts.put(row.value1(), row.value2()));
        return parts;
    }

    private void lock(PhoneNumber from, PhoneNumber to, int reference, int total) {
        db.fetch("SELECT pg_advisory_xact_lock(hashtext(?))", from.e164() + "|" + to.e164() + "|" + reference + "|" + total);
    }

    @Override
    public List<String> store(PhoneNumber from, PhoneNumber to, int reference, int total, int sequence, String text) {
        lock(from, to, reference, total);
        if (db.fetchExists(CARRIER_INBOUND_RECEIVED, CARRIER_INBOUND_RECEIVED.SOURCE_NUMBER.eq(from.e164())
                .and(CARRIER_INBOUND_RECEIVED.DESTINATION_NUMBER.eq(to.e164()))
                .and(CARRIER_INBOUND_RECEIVED.REFERENCE.eq(reference))
                .and(CARRIER_INBOUND_RECEIVED.TOTAL.eq(total))
                .and(CARRIER_INBOUND_RECEIVED.SEQUENCE.eq(sequence)))) {
            return List.of();
        }
        db.insertInto(CARRIER_INBOUND_SEGMENT)
                .set(CARRIER_INBOUND_SEGMENT.SOURCE_NUMBER, from.e164())
                .set(CARRIER_INBOUND_SEGMENT.DESTINATION_NUMBER, to.e164())
                .set(CARRIER_INBOUND_SEGMENT.REFERENCE, reference)
                .set(CARRIER_INBOUND_SEGMENT.TOTAL, total)
                .set(CARRIER_INBOUND_SEGMENT.SEQUENCE, sequence)
                .set(CARRIER_INBOUND_SEGMENT.TEXT, text)
                .set(CARRIER_INBOUND_SEGMENT.RECEIVED_AT, OffsetDateTime.now(clock))
                .onConflictDoNothing()
                .execute();
        return db.select(CARRIER_INBOUND_SEGMENT.TEXT)
                .from(CARRIER_INBOUND_SEGMENT)
                .where(ofMessage(from, to, reference, total))
                .orderBy(CARRIER_INBOUND_SEGMENT.SEQUENCE)
                .fetch(CARRIER_INBOUND_SEGMENT.TEXT);
    }

    @Override
    public void forget(PhoneNumber from, PhoneNumber to, int reference, int total) {
        db.execute("""
                INSERT INTO carrier_inbound_received
                    (source_number, destination_number, reference, total, sequence, received_at)
                SELECT source_number, destination_number, reference, total, sequence, ?::timestamptz
                FROM carrier_inbound_segment
                WHERE source_number = ? AND destination_number = ? AND reference = ? AND total = ?
                ON CONFLICT (source_number, destination_number, reference, total, sequence)
                    DO UPDATE SET received_at = EXCLUDED.received_at""",
                OffsetDateTime.now(clock).toString(), from.e164(), to.e164(), reference, total);
        db.deleteFrom(CARRIER_INBOUND_SEGMENT).where(ofMessage(from, to, reference, total)).execute();
    }

    @Override
    public int forgetReceivedBefore(java.time.Instant cutoff) {
        return db.deleteFrom(CARRIER_INBOUND_RECEIVED)
                .where(CARRIER_INBOUND_RECEIVED.RECEIVED_AT.lt(cutoff.atOffset(java.time.ZoneOffset.UTC)))
                .execute();
    }

    private static Condition ofMessage(PhoneNumber from, PhoneNumber to, int reference, int total) {
        return CARRIER_INBOUND_SEGMENT.SOURCE_NUMBER.eq(from.e164())
                .and(CARRIER_INBOUND_SEGMENT.DESTINATION_NUMBER.eq(to.e164()))
                .and(CARRIER_INBOUND_SEGMENT.REFERENCE.eq(reference))
                .and(CARRIER_INBOUND_SEGMENT.TOTAL.eq(total));
    }
}
