package io.attest.gateway.application.bulk.port.in;

import io.attest.gateway.domain.cost.Money;
import io.attest.gateway.domain.shared.AccountId;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Bulk sends from a file of rows: every row validated and dry-run through the send policy before anything is sent (a
 * preview with counts by outcome, per-row reasons and the expected cost), then, once confirmed, the rows that pass
 * sent through the same send path as the API. A batch and its rows are kept in the database: a page shows it on any
 * node, and a send that a stopped node left unfinished is taken up by another (or the same, restarted) node. Each
 * row's message id is derived from the batch and the row, so however often a row is sent (a confirm pressed twice, a
 * send taken up again after a crash), it is recorded once.
 */
public interface BulkSendUseCase {

    int MAX_ROWS = 100_000;

    /**
     * Reads the header row at once (it names {@code to}, and {@code text} unless a template is given; {@code sendAt}
     * optional; any other column fills the template's {@code {column}} placeholders) and checks the rows in the
     * background, one at a time as they are read. The source is closed once read.
     *
     * @throws io.attest.gateway.domain.shared.InvalidInputException when the header is not such a file's
     */
    Batch start(AccountId account, String from, String campaign, String template, String fileName, RowSource rows)
            throws IOException;

    /** The account's batch; another account's is not found. */
    Optional<Batch> batch(AccountId account, String id);

    /** The batch's first rows, in the file's order. */
    List<Row> firstRows(AccountId account, String id, int most);

    /** Every row of the batch in the file's order, read a page at a time. */
    void eachRow(AccountId account, String id, Consumer<Row> each);

    /**
     * Sends the rows that passed, once: a batch already sending or sent is not sent again.
     *
     * @return whether this call started the send
     */
    boolean confirm(AccountId account, String id);

    /**
     * Takes up what stopped nodes left: a send is continued where it stopped, a check (whose file was on that node
     * only) is failed with the reason. Old batches are forgotten. Run periodically on every node.
     */
    void takeUpAbandoned();

    /** The rows of a file: the first is the header. */
    interface RowSource extends AutoCloseable {

        /** The next row's fields, or null at the end. */
        List<String> next() throws IOException;

        @Override
        void close() throws IOException;
    }

    enum State { CHECKING, PREVIEW, SENDING, SENT, FAILED }

    /**
     * A batch as its page shows it.
     *
     * @param counts  rows by outcome (will send, held by a rule, blocked by a rule, invalid …), the most frequent first
     * @param passing the rows that pass the policy and are sent on confirm
     * @param done    the passing rows whose send has been tried
     * @param sent    of those, the ones recorded (accepted, held or scheduled)
     */
    record Batch(String id, AccountId account, String from, String campaign, String fileName, State state,
                 String failure, int checked, Map<String, Integer> counts, int passing, Money estimatedCost,
                 int done, int sent, Instant createdAt) {

        public int percent() {
            return passing == 0 ? 100 : (int) (100L * done / passing);
        }
    }

    /** A row: what the policy said (or why it is not a message), and once sent, its message id or why not. */
    record Row(int number, String to, String outcome, String rule, String reason, Instant heldUntil,
               BigDecimal estimate, String messageId, String sentOutcome) {
    }
}
