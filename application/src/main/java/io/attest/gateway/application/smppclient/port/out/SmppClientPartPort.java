package io.attest.gateway.application.smppclient.port.out;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The parts of concatenated submits, kept until the last one arrives. A set is one account's parts with the same
 * source, destination, reference and total; it gets its message id with its first stored part.
 */
public interface SmppClientPartPort {

    /**
     * Stores the part (a part sent again replaces the one stored) and answers the set as it stands, in order, with the
     * message id the set goes by; atomically, so of two parts that arrive at once exactly one sees the set complete.
     */
    PartSet store(PartKey key, int sequence, byte[] octets, byte dataCoding, String newMessageId);

    /** Forgets the whole set: its message was sent, or refused for good. */
    void forget(PartKey key);

    /** Forgets one part: its submit failed and the client may send it again. */
    void forget(PartKey key, int sequence);

    /** Sets whose first part came before the cutoff and which are still incomplete; they are forgotten. */
    List<Abandoned> forgetIncompleteSince(Instant cutoff);

    record PartKey(String accountId, String source, String destination, int reference, int total) {
    }

    record StoredPart(int sequence, byte[] octets, byte dataCoding) {
    }

    record PartSet(String messageId, List<StoredPart> parts) {

        public boolean complete(int total) {
            return parts.size() == total;
        }

        public Optional<StoredPart> part(int sequence) {
            return parts.stream().filter(p -> p.sequence() == sequence).findFirst();
        }
    }

    record Abandoned(PartKey key, String messageId, List<Integer> sequences) {
    }
}
