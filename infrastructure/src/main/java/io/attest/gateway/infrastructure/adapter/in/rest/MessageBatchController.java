package io.attest.gateway.infrastructure.adapter.in.rest;

import io.attest.gateway.application.cost.port.in.SpendLimitsUseCase;
import io.attest.gateway.application.message.port.in.SendMessageUseCase;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.infrastructure.security.AccountResolver;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A batch of messages run through the send policy and priced before anything is sent: what a bulk send would do,
 * message by message, with counts by outcome, the total expected cost, and whether the account's spend limits leave
 * room for it. Nothing is recorded.
 */
@RestController
class MessageBatchController {

    static final int MAX_MESSAGES = 1000;

    private final SendMessageUseCase sendMessage;
    private final SpendLimitsUseCase spend;
    private final AccountResolver accounts;

    MessageBatchController(SendMessageUseCase sendMessage, SpendLimitsUseCase spend, AccountResolver accounts) {
        this.sendMessage = sendMessage;
        this.spend = spend;
        this.accounts = accounts;
    }

    @PostMapping("/v1/messages/batch/dry-run")
    BatchDryRun dryRun(@AuthenticationPrincipal Jwt jwt, @RequestBody BatchRequest request) {
        RequestBodies.require(request);
        if (request.messages() == null || request.messages().isEmpty() || request.messages().size() > MAX_MESSAGES) {
            throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "messages is a list of 1 to " + MAX_MESSAGES
                    + " messages, each as POST /v1/messages takes it");
        }
        AccountId account = accounts.accountOf(jwt);
        List<Item> items = new ArrayList<>();
        Map<String, Integer> byOutcome = new TreeMap<>();
        Map<String, Integer> byRule = new TreeMap<>();
        BigDecimal total = BigDecimal.ZERO;
        String currency = null;
        for (int i = 0; i < request.messages().size(); i++) {
            MessageController.SendRequest message = request.messages().get(i);
            try {
                if (message == null) {
                    throw new InvalidInputException(ErrorCode.INVALID_REQUEST, "the message is null");
                }
                var result = MessageController.dryRunResponse(sendMessage.dryRun(
                        MessageController.dryRunRequest(account, message)));
                items.add(new Item(i, result, null));
                byOutcome.merge(result.decision(), 1, Integer::sum);
                if (result.rule() != null) {
                    byRule.merge(result.rule(), 1, Integer::sum);
                }
                // what the policy would send: the spend limit is weighed against the total below, not message by message
                boolean wouldSend = !"blocked".equals(result.decision())
                        || io.attest.gateway.domain.compliance.ComplianceRule.SPEND_LIMIT.id().equals(result.rule());
                if (wouldSend && result.estimatedCost() != null) {
                    total = total.add(new BigDecimal(result.estimatedCost().amount()));
                    currency = result.estimatedCost().currency();
                }
            } catch (InvalidInputException invalid) {
                items.add(new Item(i, null, new ItemError(invalid.errorCode().code(), invalid.getMessage())));
                byOutcome.merge("invalid", 1, Integer::sum);
            }
        }
        var spent = spend.spendOf(account);
        currency = currency != null ? currency : spent.spentToday().currency().getCurrencyCode();
        String totalText = new io.attest.gateway.domain.cost.Money(total, java.util.Currency.getInstance(currency)).plain();
        boolean passesDaily = spent.dailyRemaining() != null && total.compareTo(spent.dailyRemaining().amount()) > 0;
        boolean passesMonthly = spent.monthlyRemaining() != null
                && total.compareTo(spent.monthlyRemaining().amount()) > 0;
        return new BatchDryRun(items, new Summary(byOutcome, byRule, totalText, currency,
                spent.dailyRemaining() == null ? null : spent.dailyRemaining().plain(),
                spent.monthlyRemaining() == null ? null : spent.monthlyRemaining().plain(),
                passesDaily || passesMonthly));
    }

    record BatchRequest(List<MessageController.SendRequest> messages) {
    }

    /** @param index the message's place in the request, from 0; either its dry run or why it is not a valid message */
    record Item(int index, MessageController.DryRunResponse result, ItemError error) {
    }

    record ItemError(String code, String detail) {
    }

    /**
     * @param estimatedCost the total expected cost of the messages the send policy would send or hold (not those it
     *                      blocks, not invalid ones); those the spend limit alone would block are in it
     * @param passesLimit   whether that total is more than the daily or monthly spend the account has left: the send
     *                      would be blocked by {@code spend.limit} part way
     */
    record Summary(Map<String, Integer> byOutcome, Map<String, Integer> blockedOrHeldByRule, String estimatedCost,
                   String currency, String dailyRemaining, String monthlyRemaining, boolean passesLimit) {
    }

    record BatchDryRun(List<Item> messages, Summary summary) {
    }
}
