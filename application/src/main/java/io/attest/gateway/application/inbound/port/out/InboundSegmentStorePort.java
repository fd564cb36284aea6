package io.attest.gateway.application.inbound.port.out;

import io.attest.gateway.domain.shared.PhoneNumber;

import java.util.List;

/** Where segments of concatenated inbound messages wait for the rest of their message. */
public interface InboundSegmentStorePort {

    /**
     * Stores the segment unless it is already there, and answers the texts of its message's segments stored so far,
     * in sequence order. Holds a lock on the message (from, to, reference, total) until the caller's transaction
     * ends, so segments stored at once by different threads see each other. Answers nothing, and stores nothing,
     * for a segment of a message already received (sent again by the SMSC).
     */
    List<String> store(PhoneNumber from, PhoneNumber to, int reference, int total, int sequence, String text);

    /** Removes the segments of a message that was received, remembering which were, so a resent one is dropped. */
    void forget(PhoneNumber from, PhoneNumber to, int reference, int total);

    /** Forgets which segments were received before the cutoff: after it, the same reference starts a new message. */
    int forgetReceivedBefore(java.time.Instant cutoff);

    /** A message some of whose segments are stored. */
    record Waiting(PhoneNumber from, PhoneNumber to, int reference, int total) {
    }

    /** Messages whose first stored segment arrived before {@code cutoff}, oldest first, at most {@code limit}. */
    List<Waiting> waitingSince(java.time.Instant cutoff, int limit);

    /**
     * Locks the message as {@link #store} does and answers its stored segments' texts by sequence number (1-based).
     */
    java.util.SortedMap<Integer, String> segments(PhoneNumber from, PhoneNumber to, int reference, int total);
}
