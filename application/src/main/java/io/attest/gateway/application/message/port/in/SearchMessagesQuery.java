package io.attest.gateway.application.message.port.in;

import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.shared.AccountId;

import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

/**
 * An account searches its messages, newest first: sent ones by recipient, sender, status, campaign and time;
 * received ones by sender, receiving number, campaign and time. Another account's messages are never found.
 */
public interface SearchMessagesQuery {

    /** The most messages one page holds. */
    int MAX_PAGE = 500;

    /** One page, newest first, after the search's cursor; its {@code nextCursor} is null when no more match. */
    Page search(Search search);

    /** Every match, newest first, from the search's cursor on, handed over one at a time (a download). */
    void forEach(Search search, Consumer<Found> each);

    enum Direction { OUTBOUND, INBOUND }

    /**
     * @param to       the recipient (sent) or the account's receiving number (received); null for any
     * @param from     the account's sender number (sent) or the subscriber (received); null for any
     * @param statuses sent messages' statuses, any of them; empty for all. Received messages have none.
     * @param since    accepted (or received) at or after; null for no bound
     * @param until    accepted (or received) before; null for no bound
     * @param cursor   the {@code nextCursor} of the page before; null for the newest
     */
    record Search(AccountId account, Direction direction, String to, String from, Set<MessageStatus> statuses,
                  String campaignId, Instant since, Instant until, String cursor, int limit) {

        public Search {
            statuses = Set.copyOf(statuses);
            if (limit < 1 || limit > MAX_PAGE) {
                throw new IllegalArgumentException("limit " + limit + " is not within 1.." + MAX_PAGE);
            }
        }
    }

    /**
     * A message found: for a received one, {@code status} is null and {@code text}, {@code intent} and
     * {@code position} (in the account's feed) are set; for a sent one, {@code segments}.
     */
    record Found(String id, Direction direction, String from, String to, MessageStatus status, Instant at,
                 String campaignId, Integer segments, String text, String intent, Long position) {
    }

    record Page(java.util.List<Found> messages, String nextCursor) {
    }
}
