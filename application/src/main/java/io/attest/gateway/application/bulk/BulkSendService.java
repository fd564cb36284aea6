package io.attest.gateway.application.bulk;

import io.attest.gateway.application.bulk.port.in.BulkSendUseCase;
import io.attest.gateway.application.bulk.port.out.BulkSendStorePort;
import io.attest.gateway.application.bulk.port.out.BulkSendStorePort.CheckedRow;
import io.attest.gateway.application.bulk.port.out.BulkSendStorePort.SentRow;
import io.attest.gateway.application.bulk.port.out.BulkSendStorePort.StoredBatch;
import io.attest.gateway.application.bulk.port.out.BulkSendStorePort.StoredRow;
import io.attest.gateway.application.message.port.in.SendMessageUseCase;
import io.attest.gateway.application.message.port.out.SealMessageTextPort;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.compliance.ComplianceDecision;
import io.attest.gateway.domain.cost.Money;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.IllegalTransitionException;
import io.attest.gateway.domain.shared.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bulk sends, kept in the database ({@link BulkSendStorePort}): a batch is checked row by row on the node that
 * received its file, and sent, once confirmed, by the node that holds its lease. The rows' texts are stored sealed,
 * as every message text is.
 */
public class BulkSendService implements BulkSendUseCase {

    private static final Logger log = LoggerFactory.getLogger(BulkSendService.class);
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_ -]{1,64})}");
    /** Rows written per transaction while checking. */
    static final int CHUNK = 200;
    /** Rows sent between two writes of their outcomes (each write renews the lease). */
    static final int SEND_CHUNK = 50;

    private final SendMessageUseCase sends;
    private final BulkSendStorePort store;
    private final SealMessageTextPort texts;
    private final Executor workers;
    private final Clock clock;
    private final String node;
    private final Duration lease;
    private final Duration retention;
    /** The batches this node has queued or is working on: their leases are renewed, not taken up. */
    private final java.util.Set<String> working = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param workers   runs the checks and sends in the background
     * @param node      this node's id, the owner of its leases
     * @param lease     how long a batch stays with a node that stopped writing to it before another takes it up
     * @param retention how long a batch and its rows are kept
     */
    public BulkSendService(SendMessageUseCase sends, BulkSendStorePort store, SealMessageTextPort texts,
                           Executor workers, Clock clock, String node, Duration lease, Duration retention) {
        this.sends = sends;
        this.store = store;
        this.texts = texts;
        this.workers = workers;
        this.clock = clock;
        this.node = node;
        this.lease = lease;
        this.retention = retention;
    }

    @Override
    public Batch start(AccountId account, String from, String campaign, String template, String fileName,
                       RowSource rows) throws IOException {
        Columns columns;
        try {
            columns = Columns.of(rows.next(), template);
        } catch (IOException | RuntimeException e) {
            rows.close();
            throw e;
        }
        String id = UUID.randomUUID().toString();
        String campaignId;
        Instant now = clock.instant();
        try {
            campaignId = campaign == null || campaign.isBlank() ? null : CampaignId.of(campaign.trim()).value();
            store.create(new BulkSendStorePort.NewBatch(id, account.value(), from, campaignId, fileName, now), node,
                    now.plus(lease));
        } catch (RuntimeException e) {
            rows.close();
            throw e;
        }
        work(id, () -> check(id, account, from, campaignId == null ? null : CampaignId.of(campaignId), rows,
                columns));
        return batch(account, id).orElseThrow();
    }

    @Override
    public Optional<Batch> batch(AccountId account, String id) {
        return own(account, id).map(stored -> {
            Map<String, Integer> counts = new LinkedHashMap<>();
            store.counts(id).entrySet().stream()
                    .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .forEach(e -> counts.put(e.getKey(), e.getValue()));
            return new Batch(stored.id(), account, stored.from(), stored.campaignId(), stored.fileName(),
                    State.valueOf(stored.state()), stored.failure(), stored.checked(), counts, stored.passing(),
                    new Money(stored.estimatedCost(), Currency.getInstance(stored.currency())), stored.done(),
                    stored.sent(), stored.createdAt());
        });
    }

    @Override
    public List<Row> firstRows(AccountId account, String id, int most) {
        return own(account, id).map(b -> store.rows(id, 0, most).stream().map(BulkSendService::row).toList())
                .orElse(List.of());
    }

    @Override
    public void eachRow(AccountId account, String id, Consumer<Row> each) {
        if (own(account, id).isEmpty()) {
            return;
        }
        int after = 0;
        List<StoredRow> page;
        while (!(page = store.rows(id, after, 1_000)).isEmpty()) {
            page.forEach(row -> each.accept(row(row)));
            after = page.getLast().number();
        }
    }

    @Override
    public boolean confirm(AccountId account, String id) {
        if (own(account, id).isEmpty() || !store.startSending(id, node, clock.instant().plus(lease))) {
            return false;
        }
        work(id, () -> send(id));
        return true;
    }

    /** Queues work on a batch; until it ends, the batch's lease is renewed by {@link #takeUpAbandoned}. */
    private void work(String batchId, Runnable task) {
        working.add(batchId);
        try {
            workers.execute(() -> {
                try {
                    task.run();
                } finally {
                    working.remove(batchId);
                }
            });
        } catch (RuntimeException notQueued) {
            working.remove(batchId);
            throw notQueued;
        }
    }

    @Override
    public void takeUpAbandoned() {
        Instant now = clock.instant();
        // what waits in this node's queue or is being worked on is this node's still, however long it waits
        store.renew(java.util.List.copyOf(working), node, now.plus(lease));
        for (var abandoned : store.claimAbandoned(node, now, now.plus(lease))) {
            if (working.contains(abandoned.batchId())) {
                continue; // its lease ran out between the renewal and the claim: it is this node's again now
            }
            if (State.valueOf(abandoned.state()) == State.SENDING) {
                log.info("bulk send {}: taken up where a stopped node left its send", abandoned.batchId());
                work(abandoned.batchId(), () -> send(abandoned.batchId()));
            } else {
                log.info("bulk send {}: its check stopped with the node that had its file", abandoned.batchId());
                store.checkEnded(abandoned.batchId(), State.FAILED.name(), "the check stopped when the gateway node "
                        + "that received the file stopped; upload the file again");
            }
        }
        int forgotten = store.forgetBefore(now.minus(retention));
        if (forgotten > 0) {
            log.info("{} bulk send(s) older than {} forgotten", forgotten, retention);
        }
    }

    private Optional<StoredBatch> own(AccountId account, String id) {
        if (id == null || id.length() > 64) {
            return Optional.empty();
        }
        return store.find(id).filter(batch -> batch.accountId().equals(account.value()));
    }

    private static Row row(StoredRow row) {
        return new Row(row.number(), row.to(), row.outcome(), row.rule(), row.reason(), row.heldUntil(),
                row.estimate(), row.messageId(), row.sentOutcome());
    }

    /** The header's columns. */
    private record Columns(List<String> names, int to, int text, int sendAt, String template) {

        static Columns of(List<String> header, String template) {
            if (header == null) {
                throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "the file is empty");
            }
            List<String> names = header.stream().map(h -> h.trim().replace("\uFEFF", "")).toList();
            String used = template == null || template.isBlank() ? null : template;
            int to = names.indexOf("to");
            int text = names.indexOf("text");
            if (to < 0 || (text < 0 && used == null)) {
                throw new InvalidInputException(ErrorCode.INVALID_REQUEST,
                        "the first row names the columns: 'to', and 'text' unless a template is given (found: "
                                + String.join(", ", names) + ")");
            }
            return new Columns(names, to, text, names.indexOf("sendAt"), used);
        }

        String field(List<String> fields, int index) {
            return index >= 0 && index < fields.size() ? fields.get(index) : null;
        }

        String text(List<String> fields) {
            if (template == null) {
                return field(fields, text);
            }
            Matcher matcher = PLACEHOLDER.matcher(template);
            StringBuilder filled = new StringBuilder();
            while (matcher.find()) {
                int column = names.indexOf(matcher.group(1));
                if (column < 0) {
                    throw new InvalidInputException(ErrorCode.INVALID_REQUEST,
                            "the template names {" + matcher.group(1) + "}, which is not a column of the file");
                }
                String value = field(fields, column);
                matcher.appendReplacement(filled, Matcher.quoteReplacement(value == null ? "" : value));
            }
            matcher.appendTail(filled);
            return filled.toString();
        }

        Instant sendAt(List<String> fields) {
            String when = field(fields, sendAt);
            if (when == null || when.isBlank()) {
                return null;
            }
            try {
                return Instant.parse(when.trim());
            } catch (DateTimeParseException e) {
                throw new InvalidInputException(ErrorCode.INVALID_SEND_AT,
                        "sendAt '" + when + "' is not an instant such as 2026-12-24T15:00:00Z");
            }
        }
    }

    private void check(String id, AccountId account, String from, CampaignId campaign, RowSource rows,
                       Columns columns) {
        try (rows) {
            List<CheckedRow> chunk = new ArrayList<>(CHUNK);
            List<String> fields;
            int number = 0;
            while ((fields = rows.next()) != null) {
                number++;
                if (fields.size() == 1 && fields.getFirst().isBlank()) {
                    continue;
                }
                if (number > MAX_ROWS) {
                    throw new InvalidInputException(ErrorCode.INVALID_REQUEST,
                            "a bulk send has at most " + MAX_ROWS + " rows");
                }
                chunk.add(dryRun(account, from, campaign, number, fields, columns));
                if (chunk.size() == CHUNK) {
                    store.addChecked(id, chunk, node, clock.instant().plus(lease));
                    chunk = new ArrayList<>(CHUNK);
                }
            }
            if (!chunk.isEmpty()) {
                store.addChecked(id, chunk, node, clock.instant().plus(lease));
            }
            store.checkEnded(id, State.PREVIEW.name(), null);
        } catch (BulkSendStorePort.LeaseLostException lost) {
            log.warn("bulk send {}: another node took the check over; this one stops", id);
        } catch (IOException | RuntimeException e) {
            log.info("bulk send {}: the check stopped: {}", id, e.toString());
            try {
                store.checkEnded(id, State.FAILED.name(), e.getMessage() == null ? e.toString() : e.getMessage());
            } catch (RuntimeException notRecorded) {
                // the lease runs out and a node takes the batch up: it is failed then
                log.warn("bulk send {}: its failure could not be recorded: {}", id, notRecorded.toString());
            }
        }
    }

    private CheckedRow dryRun(AccountId account, String from, CampaignId campaign, int number, List<String> fields,
                              Columns columns) {
        String to = columns.field(fields, columns.to());
        try {
            String text = columns.text(fields);
            Instant sendAt = columns.sendAt(fields);
            var dryRun = sends.dryRun(new SendMessageUseCase.SendMessage(account, from, to, text, campaign, null, null,
                    null, sendAt));
            String outcome;
            String rule = null;
            String reason = null;
            Instant heldUntil = null;
            switch (dryRun.decision()) {
                case ComplianceDecision.Allowed allowed -> outcome = sendAt != null ? "scheduled" : "will send";
                case ComplianceDecision.Held held -> {
                    outcome = sendAt != null ? "scheduled" : "held";
                    rule = held.rule().id();
                    reason = held.reason();
                    heldUntil = held.until();
                }
                case ComplianceDecision.Blocked blocked -> {
                    outcome = "blocked";
                    rule = blocked.rule().id();
                    reason = blocked.reason();
                }
            }
            boolean passes = !"blocked".equals(outcome);
            String key = "blocked".equals(outcome) ? "blocked by " + rule
                    : "held".equals(outcome) ? "held by " + rule : outcome;
            BigDecimal estimate = passes && dryRun.estimate() != null ? dryRun.estimate().total().amount() : null;
            String currency = passes && dryRun.estimate() != null
                    ? dryRun.estimate().total().currency().getCurrencyCode() : null;
            return new CheckedRow(number, to, passes ? texts.seal(text, null, clock.instant()) : null, sendAt, outcome,
                    key, passes, rule, reason, heldUntil, estimate, currency);
        } catch (InvalidInputException | IllegalArgumentException invalid) {
            return new CheckedRow(number, to, null, null, "invalid", "invalid", false, null, invalid.getMessage(),
                    null, null, null);
        }
    }

    /** Sends the batch's rows that pass and were not tried yet, a chunk at a time, each chunk's outcomes recorded. */
    private void send(String id) {
        try {
            StoredBatch batch = store.find(id).orElseThrow();
            AccountId account = AccountId.of(batch.accountId());
            CampaignId campaign = batch.campaignId() == null ? null : CampaignId.of(batch.campaignId());
            int after = 0;
            List<StoredRow> chunk;
            while (!(chunk = store.unsent(id, after, SEND_CHUNK)).isEmpty()) {
                List<SentRow> outcomes = new ArrayList<>(chunk.size());
                for (StoredRow row : chunk) {
                    outcomes.add(sendOne(id, account, batch.from(), campaign, row));
                }
                store.recordSent(id, outcomes, node, clock.instant().plus(lease));
                after = chunk.getLast().number();
            }
            store.sendingEnded(id);
        } catch (BulkSendStorePort.LeaseLostException lost) {
            log.warn("bulk send {}: another node took the send over; this one stops", id);
        } catch (RuntimeException e) {
            // the database, most likely: the rows not recorded are sent again once the lease runs out, each under its
            // own message id, so none is recorded twice
            log.warn("bulk send {}: stopped, to be taken up again: {}", id, e.toString());
        }
    }

    private SentRow sendOne(String batchId, AccountId account, String from, CampaignId campaign, StoredRow row) {
        String text = texts.unseal(row.sealedText());
        MessageId messageId = messageIdOf(batchId, row.number());
        if (text == null) {
            return new SentRow(row.number(), null, "not sent: its text is no longer kept", false);
        }
        try {
            var accepted = sends.send(new SendMessageUseCase.SendMessage(account, from, row.to(), text, campaign,
                    messageId, null, null, row.sendAt()));
            String status = accepted.status().name().toLowerCase(Locale.ROOT);
            return new SentRow(row.number(), accepted.messageId().value(), status, !"blocked".equals(status));
        } catch (RuntimeException e) {
            Throwable refusal = refusal(e);
            if (refusal == null) {
                throw e;
            }
            log.info("bulk send {} row {} not sent: {}", batchId, row.number(), refusal.getMessage());
            return new SentRow(row.number(), null, "not sent: " + refusal.getMessage(), false);
        }
    }

    /** The refusal of this one row (its input, its state, a limit), or null for a failure of the gateway. */
    private static Throwable refusal(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidInputException || cause instanceof IllegalArgumentException
                    || cause instanceof IllegalTransitionException
                    || cause instanceof io.attest.gateway.application.limits.SendLimitReachedException
                    || cause instanceof io.attest.gateway.application.cost.SpendLimitReachedException
                    || cause instanceof io.attest.gateway.application.shared.NotFoundException) {
                return cause;
            }
        }
        return null;
    }

    /** A row's message id: the same for the same batch and row, however often it is sent. */
    public static MessageId messageIdOf(String batchId, int number) {
        return MessageId.of(UUID.nameUUIDFromBytes((batchId + ":" + number).getBytes(StandardCharsets.UTF_8))
                .toString());
    }
}
