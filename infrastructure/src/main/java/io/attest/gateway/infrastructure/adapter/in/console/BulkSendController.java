package io.attest.gateway.infrastructure.adapter.in.console;

import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.application.bulk.port.in.BulkSendUseCase;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Bulk send from a CSV (docs/console.md#bulk-send): upload, a preview of what the send policy decides for every row
 * with the expected cost, confirm, progress, and every row's result as CSV. Account users only.
 */
@Controller
class BulkSendController {

    private final BulkSendUseCase bulk;
    private final String accountClaim;

    BulkSendController(BulkSendUseCase bulk, @Value("${gateway.security.account-claim:account}") String accountClaim) {
        this.bulk = bulk;
        this.accountClaim = accountClaim;
    }

    @GetMapping("/console/bulk")
    String form(@AuthenticationPrincipal OidcUser user, Model model) {
        signedIn(user, model);
        model.addAttribute("problems", List.of());
        return "console/bulk";
    }

    @PostMapping(value = "/console/bulk", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    String upload(@AuthenticationPrincipal OidcUser user, Model model, @RequestParam("file") MultipartFile file,
                  @RequestParam("from") String from,
                  @RequestParam(name = "campaign", required = false) String campaign,
                  @RequestParam(name = "template", required = false) String template) throws IOException {
        AccountId account = signedIn(user, model);
        if (file.isEmpty()) {
            model.addAttribute("problems", List.of("Choose a CSV file"));
            return "console/bulk";
        }
        // the upload goes to a file of its own, read a row at a time while it is checked: never whole in memory
        java.nio.file.Path upload = java.nio.file.Files.createTempFile("attest-bulk-", ".csv");
        try {
            file.transferTo(upload);
            var batch = bulk.start(account, from == null ? null : from.trim(), campaign, template,
                    file.getOriginalFilename(), new CsvFileRows(upload));
            return "redirect:/console/bulk/" + batch.id();
        } catch (InvalidInputException | IOException e) {
            java.nio.file.Files.deleteIfExists(upload);
            model.addAttribute("problems", List.of(e.getMessage()));
            return "console/bulk";
        }
    }

    @GetMapping("/console/bulk/{id}")
    String batch(@AuthenticationPrincipal OidcUser user, Model model, @PathVariable("id") String id) {
        AccountId account = signedIn(user, model);
        var batch = bulk.batch(account, id).orElseThrow(ConsoleController.NotFound::new);
        // the batch first: once it is past CHECKING every row is in (the check writes them all before it moves on),
        // so the rows read after it are complete, whatever the check does while the page renders
        model.addAttribute("state", batch.state().name());
        model.addAttribute("batch", batch);
        model.addAttribute("shown", bulk.firstRows(account, id, 200));
        return "console/bulk-batch";
    }

    /** Sends the rows that pass; pressed twice, the batch is still sent once. */
    @PostMapping("/console/bulk/{id}/send")
    String send(@AuthenticationPrincipal OidcUser user, Model model, @PathVariable("id") String id) {
        AccountId account = signedIn(user, model);
        bulk.batch(account, id).orElseThrow(ConsoleController.NotFound::new);
        bulk.confirm(account, id);
        return "redirect:/console/bulk/" + id;
    }

    /** Every row: its outcome in the preview, and once sent, its message id or why it was not sent. */
    @GetMapping(value = "/console/bulk/{id}/rows.csv", produces = "text/csv")
    ResponseEntity<StreamingResponseBody> rows(@AuthenticationPrincipal OidcUser user, @PathVariable("id") String id) {
        AccountId account = AccountId.of(user.getClaimAsString(accountClaim));
        bulk.batch(account, id).orElseThrow(ConsoleController.NotFound::new);
        StreamingResponseBody body = out -> {
            var writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
            writer.write("row,to,outcome,rule,reason,held_until,message_id,sent\r\n");
            bulk.eachRow(account, id, row -> {
                try {
                    writer.write(String.join(",", String.valueOf(row.number()), number(row.to()),
                            cell(row.outcome()), cell(row.rule()), cell(row.reason()),
                            row.heldUntil() == null ? "" : row.heldUntil().toString(), cell(row.messageId()),
                            cell(row.sentOutcome())) + "\r\n");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            writer.flush();
        };
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"bulk-" + id + ".csv\"").body(body);
    }

    /** A phone number as it is when it is one (E.164 starts with +, which is no formula here); else a guarded cell. */
    static String number(String value) {
        return value != null && value.matches("\\+[0-9]{2,15}") ? value : cell(value);
    }

    /** A cell: quoted when it must be, and kept from running as a spreadsheet formula. */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
            return '"' + safe.replace("\"", "\"\"") + '"';
        }
        return safe;
    }

    private AccountId signedIn(OidcUser user, Model model) {
        return ConsoleUser.signedIn(user, model, accountClaim);
    }
}
