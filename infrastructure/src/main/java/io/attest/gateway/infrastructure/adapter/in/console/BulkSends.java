package io.attest.gateway.infrastructure.adapter.in.console;

import io.attest.gateway.application.message.port.in.SendMessageUseCase;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.compliance.ComplianceDecision;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Bulk sends from a CSV: every row validated and dry-run through the send policy before anything is sent (a preview
 * with counts by outcome, per-row reasons and the expected cost), then, once confirmed, the rows that pass sent one by
 * one through the same send path as the API. Each row's message id is derived from the batch and the row, so a batch
 * confirmed twice (the button pressed twice, two tabs) sends each row once: the second send of a row finds its message
 * already recorded.
 */
@Component
class BulkSends {

    private static final Logger log = LoggerFactory.getLogger(BulkSends.class);
    static final int MAX_ROWS = 100_000;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_ -]{1,64})}");

    private final SendMessageUseCase sends;
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    private final ExecutorService senders = Executors.newFixedThreadPool(2,
            Thread.ofPlatform().name("console-bulk-", 0).daemon(true).factory());

    BulkSends(SendMessageUseCase sends) {
        this.sends = sends;
    }

    enum State { CHECKING, PREVIEW, SENDING, SENT, FAILED }

    /** One row: what the policy said (or why it is not a message), and once sent, its message id or why not. */
    static final class Row {
        final int number;
        final String to;
        final String text;
        final Instant sendAt;
        String outcome;
        String rule;
        String reason;
        Instant heldUntil;
        BigDecimal estimate;
        volatile String messageId;
        volatile String sentOutcome;

        Row(int number, String to, String text, Instant sendAt) {
            this.number = number;
            this.to = to;
            this.text = text;
            this.sendAt = sendAt;
        }

        boolean passes() {
            return "will send".equals(outcome) || "held".equals(outcome) || "scheduled".equals(outcome);
        }

        public int number() {
            return number;
        }

        public String to() {
            return to;
        }

        public String outcome() {
            return outcome;
        }

        public String rule() {
            return rule;
        }

        public String reason() {
            return reason;
        }

        public Instant heldUntil() {
            return heldUntil;
        }

        public String messageId() {
            return messageId;
        }

        public String sentOutcome() {
            return sentOutcome;
        }
    }

    static final class Batch {
        final String id = UUID.randomUUID().toString();
        final AccountId account;
        final String from;
        final CampaignId campaign;
        final String fileName;
        final List<Row> rows = java.util.Collections.synchronizedList(new ArrayList<>());
        final Map<String, Integer> counts = new ConcurrentHashMap<>();
        volatile BigDecimal estimatedCost = BigDecimal.ZERO;
        volatile String currency = "USD";
        volatile State state = State.CHECKING;
        volatile String failure;
        volatile int sent;
        volatile int done;

        Batch(AccountId account, String from, CampaignId campaign, String fileName) {
            this.account = account;
            this.from = from;
            this.campaign = campaign;
            this.fileName = fileName;
        }

        public String id() {
            return id;
        }

        public String from() {
            return from;
        }

        public String fileName() {
            return fileName;
        }

        public List<Row> rows() {
            synchronized (rows) {
                return List.copyOf(rows);
            }
        }

        /** The first rows, for a page: a copy, while the check may still be adding rows. */
        public List<Row> firstRows(int most) {
            synchronized (rows) {
                return List.copyOf(rows.subList(0, Math.min(most, rows.size())));
            }
        }

        public int checked() {
            return rows.size();
        }

        public String failure() {
            return failure;
        }

        /** The counts by outcome, the most frequent first. */
        public Map<String, Integer> counts() {
            Map<String, Integer> sorted = new LinkedHashMap<>();
            counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                    .thenComparing(Map.Entry.comparingByKey())).forEach(e -> sorted.put(e.getKey(), e.getValue()));
            return sorted;
        }

        public String estimatedCost() {
            return new io.attest.gateway.domain.cost.Money(estimatedCost, java.util.Currency.getInstance(currency)).plain();
        }

        public String currency() {
            return currency;
        }

        public State state() {
            return state;
        }

        public int sent() {
            return sent;
        }

        public int done() {
            return done;
        }

        public long passing() {
            synchronized (rows) {
                return rows.stream().filter(Row::passes).count();
            }
        }

        public int percent() {
            long passing = passing();
            return passing == 0 ? 100 : (int) (100L * done / passing);
        }
    }

    /**
     * Reads the CSV file (a header row naming {@code to}, and {@code text} unless a template is given; {@code sendAt}
     * optional; any other columns fill the template's {@code {column}} placeholders): the header at once, the rows in
     * the background, one at a time from the file (a large file is never in memory), each dry-run as it is read. The
     * batch's page shows the check's progress until the preview is complete. The file is deleted once read.
     *
     * @throws InvalidInputException when the header is not such a CSV's
     */
    Batch preview(AccountId account, String from, String campaign, String template, String fileName,
                  java.nio.file.Path file) throws IOException {
        CampaignId campaignId = campaign == null || campaign.isBlank() ? null : CampaignId.of(campaign.trim());
        Batch batch = new Batch(account, from, campaignId, fileName);
        Reader csv = java.nio.file.Files.newBufferedReader(file, StandardCharsets.UTF_8);
        try {
            List<String> columns = header(new CsvRows(csv), template);
            csv.close();
            batches.put(batch.id, batch);
            senders.submit(() -> check(batch, file, columns, template));
            return batch;
        } catch (InvalidInputException | IOException e) {
            csv.close();
            java.nio.file.Files.deleteIfExists(file);
            throw e;
        }
    }

    private static List<String> header(CsvRows rows, String template) throws IOException {
        List<String> header = rows.next();
        if (header == null) {
            throw new InvalidInputException(io.attest.gateway.domain.shared.ErrorCode.INVALID_REQUEST, "the file is empty");
        }
        List<String> columns = header.stream().map(h -> h.trim().replace("\uFEFF", "")).toList();
        int to = columns.indexOf("to");
        int text = columns.indexOf("text");
        int sendAt = columns.indexOf("sendAt");
        String usedTemplate = template == null || template.isBlank() ? null : template;
        if (to < 0 || (text < 0 && usedTemplate == null)) {
            throw new InvalidInputException(io.attest.gateway.domain.shared.ErrorCode.INVALID_REQUEST,
                    "the first row names the columns: 'to', and 'text' unless a template is given (found: "
                            + String.join(", ", columns) + ")");
        }
        return columns;
    }

    private void check(Batch batch, java.nio.file.Path file, List<String> columns, String template) {
        try (Reader csv = java.nio.file.Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            CsvRows rows = new CsvRows(csv);
            rows.next(); // the header, read before
            int to = columns.indexOf("to");
            int text = columns.indexOf("text");
            int sendAt = columns.indexOf("sendAt");
            String usedTemplate = template == null || template.isBlank() ? null : template;
            readRows(batch, rows, columns, to, text, sendAt, usedTemplate);
            batch.state = State.PREVIEW;
        } catch (IOException | RuntimeException e) {
            batch.failure = e.getMessage();
            batch.state = State.FAILED;
        } finally {
            try {
                java.nio.file.Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("bulk send {}: its upload {} could not be deleted: {}", batch.id, file, e.getMessage());
            }
        }
    }

    private void readRows(Batch batch, CsvRows rows, List<String> columns, int to, int text, int sendAt,
                          String usedTemplate) throws IOException {
        List<String> fields;
        int number = 0;
        while ((fields = rows.next()) != null) {
            number++;
            if (fields.size() == 1 && fields.getFirst().isBlank()) {
                continue;
            }
            if (number > MAX_ROWS) {
                throw new InvalidInputException(io.attest.gateway.domain.shared.ErrorCode.INVALID_REQUEST,
                        "a bulk send has at most " + MAX_ROWS + " rows");
            }
            dryRun(batch, number, columns, fields, to, text, sendAt, usedTemplate);
        }
    }

    private void dryRun(Batch batch, int number, List<String> columns, List<String> fields, int to, int text,
                        int sendAt, String template) {
        String recipient = field(fields, to);
        Row row;
        try {
            String body = template != null ? fill(template, columns, fields) : field(fields, text);
            Instant at = null;
            String when = field(fields, sendAt);
            if (when != null && !when.isBlank()) {
                try {
                    at = Instant.parse(when.trim());
                } catch (DateTimeParseException e) {
                    throw new InvalidInputException(io.attest.gateway.domain.shared.ErrorCode.INVALID_SEND_AT,
                            "sendAt '" + when + "' is not an instant such as 2026-12-24T15:00:00Z");
                }
            }
            row = new Row(number, recipient, body, at);
            var dryRun = sends.dryRun(new SendMessageUseCase.SendMessage(batch.account, batch.from, recipient, body,
                    batch.campaign, null, null, null, at));
            switch (dryRun.decision()) {
                case ComplianceDecision.Allowed allowed -> row.outcome = at != null ? "scheduled" : "will send";
                case ComplianceDecision.Held held -> {
                    row.outcome = at != null ? "scheduled" : "held";
                    row.rule = held.rule().id();
                    row.reason = held.reason();
                    row.heldUntil = held.until();
                }
                case ComplianceDecision.Blocked blocked -> {
                    row.outcome = "blocked";
                    row.rule = blocked.rule().id();
                    row.reason = blocked.reason();
                }
            }
            if (row.passes() && dryRun.estimate() != null) {
                row.estimate = dryRun.estimate().total().amount();
                batch.estimatedCost = batch.estimatedCost.add(row.estimate); // one checking thread per batch
                batch.currency = dryRun.estimate().total().currency().getCurrencyCode();
            }
        } catch (InvalidInputException | IllegalArgumentException invalid) {
            row = new Row(number, recipient, null, null);
            row.outcome = "invalid";
            row.reason = invalid.getMessage();
        }
        batch.rows.add(row);
        String key = "blocked".equals(row.outcome) ? "blocked by " + row.rule
                : "held".equals(row.outcome) ? "held by " + row.rule : row.outcome;
        batch.counts.merge(key, 1, Integer::sum);
    }

    private static String field(List<String> fields, int index) {
        return index >= 0 && index < fields.size() ? fields.get(index) : null;
    }

    private static String fill(String template, List<String> columns, List<String> fields) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder text = new StringBuilder();
        while (matcher.find()) {
            int column = columns.indexOf(matcher.group(1));
            if (column < 0) {
                throw new InvalidInputException(io.attest.gateway.domain.shared.ErrorCode.INVALID_REQUEST,
                        "the template names {" + matcher.group(1) + "}, which is not a column of the file");
            }
            matcher.appendReplacement(text, Matcher.quoteReplacement(field(fields, column) == null ? ""
                    : field(fields, column)));
        }
        matcher.appendTail(text);
        return text.toString();
    }

    /** The account's batch, or null: another account's batch is not found. */
    Batch find(AccountId account, String id) {
        Batch batch = batches.get(id);
        return batch != null && batch.account.equals(account) ? batch : null;
    }

    /** Sends the rows that passed, once: a batch already sending or sent is not sent again. */
    void confirm(Batch batch) {
        synchronized (batch) {
            if (batch.state != State.PREVIEW) {
                return;
            }
            batch.state = State.SENDING;
        }
        senders.submit(() -> {
            for (Row row : batch.rows()) {
                if (!row.passes()) {
                    continue;
                }
                try {
                    var accepted = sends.send(new SendMessageUseCase.SendMessage(batch.account, batch.from, row.to,
                            row.text, batch.campaign, idOf(batch, row), null, null, row.sendAt));
                    row.messageId = accepted.messageId().value();
                    row.sentOutcome = accepted.status().name().toLowerCase(Locale.ROOT);
                    if (!"blocked".equals(row.sentOutcome)) {
                        batch.sent++;
                    }
                } catch (RuntimeException e) {
                    row.sentOutcome = "not sent: " + e.getMessage();
                    log.info("bulk send {} row {} not sent: {}", batch.id, row.number, e.getMessage());
                }
                batch.done++;
            }
            batch.state = State.SENT;
        });
    }

    /** The row's message id: the same for the same batch and row, however often it is sent. */
    static MessageId idOf(Batch batch, Row row) {
        return MessageId.of(UUID.nameUUIDFromBytes((batch.id + ":" + row.number).getBytes(StandardCharsets.UTF_8))
                .toString());
    }
}
