package io.attest.gateway.application.message;

import io.attest.gateway.application.compliance.SendFactsAssembler;
import io.attest.gateway.application.compliance.port.out.RecipientLockPort;
import io.attest.gateway.application.limits.SendLimitReachedException;
import io.attest.gateway.application.limits.SendQuota;
import io.attest.gateway.application.message.port.in.SendMessageUseCase;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.application.shared.StripedLocks;
import io.attest.gateway.domain.compliance.ComplianceDecision;
import io.attest.gateway.domain.compliance.ComplianceRule;
import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.domain.compliance.SendPolicy;
import io.attest.gateway.domain.message.AcceptMessageCommand;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageBlocked;
import io.attest.gateway.domain.message.MessageCleared;
import io.attest.gateway.domain.message.MessageContent;
import io.attest.gateway.domain.message.MessageEvent;
import io.attest.gateway.domain.message.MessageHeld;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.commandhandling.gateway.CommandGateway;

import io.attest.gateway.application.shared.CommandBatches;
import java.time.Clock;
import java.time.Duration;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import java.time.Instant;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Validates a send request, has the send policy decide on it, and has the Message aggregate record both;
 * returns once the events are stored. Also sends the replies the rules oblige (STOP/START confirmations,
 * HELP replies) for inbound handling.
 */
public class SendMessageService implements SendMessageUseCase {

    private final CommandGateway commandGateway;
    private final SendFactsAssembler facts;
    private final io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort history;
    private final Clock clock;
    private final Duration validity;
    private final Supplier<MessageId> messageIds;
    private final StripedLocks recipientLocks = new StripedLocks(256);
    private final WebhookUrlCheck webhookUrls;
    private final CommandBatches accepts;
    private final RecipientLockPort sharedLocks;
    private SendQuota quota;
    private io.attest.gateway.application.cost.MessagePricing pricing;
    private io.attest.gateway.application.cost.SpendGuard spend;

    public SendMessageService(CommandGateway commandGateway, SendFactsAssembler facts,
                              io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort history,
                              Clock clock, Duration validity, WebhookUrlCheck webhookUrls) {
        this(commandGateway, facts, history, clock, validity, webhookUrls, CommandBatches.direct(commandGateway));
    }

    /** @param accepts records the accepted messages: sends that overlap are committed together (group commit) */
    public SendMessageService(CommandGateway commandGateway, SendFactsAssembler facts,
                              io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort history,
                              Clock clock, Duration validity, WebhookUrlCheck webhookUrls, CommandBatches accepts) {
        this(commandGateway, facts, history, clock, validity, webhookUrls, accepts, null);
    }

    /**
     * @param sharedLocks the recipient locks every node shares: a decision that counts earlier sends takes the
     *                    recipient's before it counts, and records in the same transaction; null when one node decides
     *                    alone (its own lock per recipient is enough)
     */
    public SendMessageService(CommandGateway commandGateway, SendFactsAssembler facts,
                              io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort history,
                              Clock clock, Duration validity, WebhookUrlCheck webhookUrls, CommandBatches accepts,
                              RecipientLockPort sharedLocks) {
        this(commandGateway, facts, history, clock, validity, () -> MessageId.of(UUID.randomUUID().toString()),
                webhookUrls, accepts, sharedLocks);
    }

    SendMessageService(CommandGateway commandGateway, SendFactsAssembler facts,
                       io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort history,
                       Clock clock, Duration validity, Supplier<MessageId> messageIds, WebhookUrlCheck webhookUrls) {
        this(commandGateway, facts, history, clock, validity, messageIds, webhookUrls,
                CommandBatches.direct(commandGateway), null);
    }

    private SendMessageService(CommandGateway commandGateway, SendFactsAssembler facts,
                               io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort history,
                               Clock clock, Duration validity, Supplier<MessageId> messageIds,
                               WebhookUrlCheck webhookUrls, CommandBatches accepts, RecipientLockPort sharedLocks) {
        this.accepts = accepts;
        this.sharedLocks = sharedLocks;
        this.commandGateway = commandGateway;
        this.facts = facts;
        this.history = history;
        this.clock = clock;
        if (validity.compareTo(MIN_VALIDITY) < 0) {
            throw new IllegalArgumentException("gateway.messages.validity must be at least " + MIN_VALIDITY + ", not " + validity);
        }
        this.validity = validity;
        this.messageIds = messageIds;
        this.webhookUrls = webhookUrls;
    }

    /**
     * Has every message a client sends take its place in the account's allowance per second and per day first
     * ({@link SendLimitReachedException} when there is none); the replies the rules oblige never wait for one.
     */
    public SendMessageService limitedBy(SendQuota quota) {
        this.quota = quota;
        return this;
    }

    /**
     * Prices every message at acceptance (the estimate, on its record and in the answer), and has its estimate counted
     * against the account's spend limits before it is recorded; a send that would pass one is recorded as blocked by
     * {@code spend.limit}.
     */
    public SendMessageService pricedBy(io.attest.gateway.application.cost.MessagePricing pricing,
                                       io.attest.gateway.application.cost.SpendGuard spend) {
        this.pricing = pricing;
        this.spend = spend;
        return this;
    }

    /** Refuses a per-message webhook URL the account may not use, with an {@code InvalidInputException}. */
    @FunctionalInterface
    public interface WebhookUrlCheck {
        void check(AccountId account, String url);
    }

    @Override
    public AcceptedMessage send(SendMessage request) {
        PhoneNumber from = PhoneNumber.of(request.from());
        PhoneNumber to = PhoneNumber.of(request.to());
        MessageContent content = MessageContent.of(request.text());
        checkWebhookUrlAndValidity(request);
        if (quota != null) {
            quota.take(request.accountId()); // after the checks of the request: a malformed one costs no allowance
        }
        Duration messageValidity = request.validFor() == null ? validity : request.validFor();
        return accept(request.accountId(), from, to, content, request.campaignId(), MessagePurpose.CLIENT,
                request.messageId(), request.webhookUrl(), messageValidity, request.sendAt(),
                quota == null ? () -> { } : () -> quota.giveBack(request.accountId())); // a retry sends nothing new
    }

    /** What a send refuses besides its numbers and text, a dry run refuses too. */
    private void checkWebhookUrlAndValidity(SendMessage request) {
        if (request.webhookUrl() != null) {
            webhookUrls.check(request.accountId(), request.webhookUrl());
        }
        if (request.validFor() != null && (request.validFor().compareTo(MIN_VALIDITY) < 0
                || request.validFor().compareTo(MAX_VALIDITY) > 0)) {
            throw new InvalidInputException(ErrorCode.INVALID_VALIDITY, "validFor is " + request.validFor()
                    + "; a message is valid for " + MIN_VALIDITY + " to " + MAX_VALIDITY + " (ISO-8601 durations)");
        }
        if (request.sendAt() != null) {
            Instant now = clock.instant();
            if (!request.sendAt().isAfter(now) || request.sendAt().isAfter(now.plus(scheduleHorizon))) {
                throw new InvalidInputException(ErrorCode.INVALID_SEND_AT, "sendAt is " + request.sendAt()
                        + "; a message is scheduled after now and at most " + scheduleHorizon.toDays()
                        + " days ahead (an ISO-8601 instant such as 2026-12-24T15:00:00Z)");
            }
        }
    }

    private Duration scheduleHorizon = Duration.ofDays(30);

    /** How far ahead a client may schedule a message ({@code gateway.messages.schedule-horizon}). */
    public SendMessageService scheduledWithin(Duration horizon) {
        this.scheduleHorizon = horizon;
        return this;
    }

    /** The shortest and longest validity a client may give a message. */
    public static final Duration MIN_VALIDITY = Duration.ofSeconds(1);
    public static final Duration MAX_VALIDITY = Duration.ofDays(7);

    /** The message with this id as it was accepted and decided, or null if there is none. */
    private AcceptedMessage alreadyAccepted(MessageId id) {
        var events = history.history(id.value(), MessageEvent.class);
        if (events.isEmpty()) {
            return null;
        }
        MessageAccepted accepted = (MessageAccepted) events.getFirst().event();
        ComplianceDecision decision = null;
        // the decision recorded with the acceptance (the event right after it), not a later re-decision
        for (var recorded : events.subList(1, Math.min(2, events.size()))) {
            switch (recorded.event()) {
                case MessageCleared e -> decision = new ComplianceDecision.Allowed(e.checks(), e.inputs());
                case MessageBlocked e -> decision = new ComplianceDecision.Blocked(
                        ComplianceRule.byId(e.rule()), e.reason(), e.inputs());
                case MessageHeld e -> decision = new ComplianceDecision.Held(
                        ComplianceRule.byId(e.rule()), e.until(), e.reason(), e.inputs());
                case io.attest.gateway.domain.message.MessageScheduled e -> {
                    return new AcceptedMessage(id, MessageStatus.SCHEDULED, accepted.encoding(), accepted.segments(),
                            new ComplianceDecision.Allowed(e.checks(), e.inputs()), accepted.estimate(), null);
                }
                default -> {
                }
            }
        }
        MessageStatus status = switch (decision) {
            case ComplianceDecision.Allowed allowed -> MessageStatus.ACCEPTED;
            case ComplianceDecision.Held held -> MessageStatus.HELD;
            case ComplianceDecision.Blocked blocked -> MessageStatus.BLOCKED;
            case null -> MessageStatus.ACCEPTED;
        };
        return new AcceptedMessage(id, status, accepted.encoding(), accepted.segments(), decision, accepted.estimate(),
                null);
    }

    @Override
    public DryRun dryRun(SendMessage request) {
        PhoneNumber from = PhoneNumber.of(request.from());
        PhoneNumber to = PhoneNumber.of(request.to());
        MessageContent content = MessageContent.of(request.text());
        checkWebhookUrlAndValidity(request);
        Instant now = clock.instant();
        var assembled = facts.assemble(request.accountId(), from, to, request.campaignId(), MessagePurpose.CLIENT, now);
        ComplianceDecision decision = SendPolicy.decide(assembled.facts());
        var estimate = pricing == null ? null : pricing.estimate(assembled.facts(), to, content.segments(), now);
        if (estimate != null && spend != null && !(decision instanceof ComplianceDecision.Blocked)) {
            var refusal = spend.wouldRefuse(request.accountId(), estimate.total(), now);
            if (refusal != null) {
                decision = spendBlocked(refusal);
            }
        }
        return new DryRun(decision, content,
                assembled.campaign() == null ? null : assembled.campaign().registration().campaignId(), estimate);
    }

    /** A reply the rules oblige the sender to give; it is never suppressed by consent or quiet hours. */
    public AcceptedMessage sendObligatoryReply(AccountId account, PhoneNumber from, PhoneNumber to, String text,
                                               CampaignId campaign, MessagePurpose purpose) {
        return accept(account, from, to, MessageContent.of(text), campaign, purpose, null, null, validity, null,
                () -> { });
    }

    /**
     * Decides and records under a lock per recipient, so two sends to one subscriber at once cannot both
     * pass a frequency cap: the count the second one reads includes the first (the count is updated in the
     * transaction that records the message). The lock of this process comes first; a decision that counts earlier
     * sends then also takes the recipient's lock every node shares, in the transaction that records it.
     */
    private AcceptedMessage accept(AccountId account, PhoneNumber from, PhoneNumber to, MessageContent content,
                                   CampaignId requestedCampaign, MessagePurpose purpose, MessageId requestedId,
                                   String webhookUrl, Duration messageValidity, Instant sendAt,
                                   Runnable whenAlreadyRecorded) {
        synchronized (recipientLocks.lockFor(to.e164())) {
            if (requestedId != null) {
                var existing = alreadyAccepted(requestedId);
                if (existing != null) {
                    whenAlreadyRecorded.run();
                    return existing; // a retry of a request whose message was recorded before it could answer
                }
            }
            return decideAndRecord(account, from, to, content, requestedCampaign, purpose, requestedId, webhookUrl,
                    messageValidity, sendAt, false);
        }
    }

    /** The work in one transaction that holds the recipient's lock every node shares from its start. */
    private AcceptedMessage underSharedLock(Supplier<AcceptedMessage> work, PhoneNumber recipient) {
        return accepts.inOneUnitOfWork(() -> {
            sharedLocks.lockUntilTransactionEnds(recipient);
            return work.get();
        });
    }

    private AcceptedMessage decideAndRecord(AccountId account, PhoneNumber from, PhoneNumber to, MessageContent content,
                                            CampaignId requestedCampaign, MessagePurpose purpose, MessageId requestedId,
                                            String webhookUrl, Duration messageValidity, Instant sendAt,
                                            boolean sharedLockHeld) {
        boolean mayLock = !sharedLockHeld && sharedLocks != null;
        // the velocity rule counts this account's sends to the recipient: the lock before the facts, decided once
        if (mayLock && facts.countsRecipientSends(account, purpose)) {
            return underSharedLock(() -> decideAndRecord(account, from, to, content, requestedCampaign, purpose,
                    requestedId, webhookUrl, messageValidity, sendAt, true), to);
        }
        Instant now = clock.instant();
        var assembled = facts.assemble(account, from, to, requestedCampaign, purpose, now);
        // a frequency cap counted earlier sends: decided again under the lock, counting and recording in one transaction
        if (mayLock && assembled.countedEarlierSends()) {
            return underSharedLock(() -> decideAndRecord(account, from, to, content, requestedCampaign, purpose,
                    requestedId, webhookUrl, messageValidity, sendAt, true), to);
        }
        ComplianceDecision decision = SendPolicy.decide(assembled.facts());
        var estimate = pricing == null ? null : pricing.estimate(assembled.facts(), to, content.segments(), now);
        io.attest.gateway.application.cost.SpendGuard.Reservation reservation = null;
        io.attest.gateway.application.cost.SpendLimitReachedException refusal = null;
        if (estimate != null && spend != null && !(decision instanceof ComplianceDecision.Blocked)) {
            try { // a blocked message costs nothing; any other commits its estimate before it is recorded
                reservation = spend.reserve(account, estimate.total(), purpose != MessagePurpose.CLIENT, now);
            } catch (io.attest.gateway.application.cost.SpendLimitReachedException limitReached) {
                refusal = limitReached;
                decision = spendBlocked(limitReached);
            }
        }
        MessageId messageId = requestedId != null ? requestedId : messageIds.get();
        var campaign = assembled.campaign();
        var accept = new AcceptMessageCommand(messageId, account, from, to, content,
                campaign == null ? null : campaign.registration().campaignId(),
                campaign == null ? null : campaign.registration().useCase(), purpose, decision, now,
                (sendAt != null ? sendAt : now).plus(messageValidity), webhookUrl, sendAt, estimate);
        try {
            if (sharedLockHeld) {
                commandGateway.sendAndWait(accept); // in the transaction that holds the lock, not a group commit's
            } else {
                accepts.sendAndWait(accept);
            }
        } catch (RuntimeException notRecorded) {
            if (reservation != null) {
                spend.giveBack(reservation); // nothing recorded: nothing committed to spend
            }
            throw notRecorded;
        }
        MessageStatus status = switch (decision) {
            case ComplianceDecision.Blocked blocked -> MessageStatus.BLOCKED;
            case ComplianceDecision.Allowed allowed when sendAt != null -> MessageStatus.SCHEDULED;
            case ComplianceDecision.Held held when sendAt != null -> MessageStatus.SCHEDULED;
            case ComplianceDecision.Allowed allowed -> MessageStatus.ACCEPTED;
            case ComplianceDecision.Held held -> MessageStatus.HELD;
        };
        return new AcceptedMessage(messageId, status, content.encoding(), content.segments(), decision, estimate,
                refusal);
    }

    private static ComplianceDecision.Blocked spendBlocked(
            io.attest.gateway.application.cost.SpendLimitReachedException refusal) {
        return new ComplianceDecision.Blocked(ComplianceRule.SPEND_LIMIT, refusal.getMessage(),
                "period=" + refusal.period() + ", limit=" + refusal.limit() + ", spent=" + refusal.spent()
                        + ", remaining=" + refusal.remaining() + ", estimate=" + refusal.estimate());
    }
}
