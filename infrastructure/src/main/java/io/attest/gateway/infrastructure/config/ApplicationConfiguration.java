package io.attest.gateway.infrastructure.config;

import io.attest.gateway.application.message.GetMessageService;
import io.attest.gateway.application.message.MessageDispatcher;
import io.attest.gateway.application.message.ReceiptCorrelationService;
import io.attest.gateway.application.message.SendMessageService;
import io.attest.gateway.application.message.port.out.CarrierCorrelationPort;
import io.attest.gateway.application.message.port.out.MessageReadModelPort;
import io.attest.gateway.application.compliance.ComplianceRegistryService;
import io.attest.gateway.application.compliance.ConsentService;
import io.attest.gateway.application.compliance.HeldMessageReleaseService;
import io.attest.gateway.application.compliance.SendFactsAssembler;
import io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort;
import io.attest.gateway.application.compliance.port.out.HeldMessagesPort;
import io.attest.gateway.application.compliance.port.out.MarketingSendCountPort;
import io.attest.gateway.application.compliance.port.out.RecipientTimeZonePort;
import io.attest.gateway.application.idempotency.IdempotencyService;
import io.attest.gateway.application.idempotency.port.out.IdempotencyStorePort;
import io.attest.gateway.application.inbound.InboundMessageService;
import io.attest.gateway.domain.consent.RevocationScopePolicy;
import io.attest.gateway.projections.compliance.ComplianceReadModelProjector;
import io.attest.gateway.projections.compliance.ComplianceReadModelQueries;
import org.springframework.beans.factory.annotation.Value;
import io.attest.gateway.application.message.port.out.SubmitToCarrierPort;
import io.attest.gateway.audit.trail.AuditTrailQueries;
import io.attest.gateway.audit.trail.AuditTrailRecorder;
import io.attest.gateway.projections.message.MessageReadModelProjector;
import io.attest.gateway.projections.message.MessageReadModelQueries;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jooq.DSLContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Wires the framework-free use cases, process managers and read side into the Spring context. */
@Configuration(proxyBeanMethods = false)
public class ApplicationConfiguration {

    @Bean
    @org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean(Clock.class)
    public Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    public ComplianceRegistryService complianceRegistryService(CommandGateway commandGateway,
                                                               ComplianceHistoryPort history) {
        return new ComplianceRegistryService(commandGateway, history);
    }

    @Bean
    public ConsentService consentService(CommandGateway commandGateway, ComplianceHistoryPort history,
                                         ComplianceRegistryService registry, Clock clock,
                                         io.attest.gateway.application.compliance.port.out.CampaignNumbersPort numbers,
                                         org.springframework.beans.factory.ObjectProvider<SendMessageService> messages) {
        return new ConsentService(commandGateway, history, registry, clock, numbers,
                (account, from, to, text, campaign, purpose) ->
                        messages.getObject().sendObligatoryReply(account, from, to, text, campaign, purpose));
    }

    @Bean
    public io.attest.gateway.application.limits.SendLimits sendLimits(SendLimitsProperties properties) {
        return properties.toLimits();
    }

    /** Counts sends in slices; what the node counted for the day and did not send goes back when it stops. */
    @Bean(destroyMethod = "giveBackUnused")
    public io.attest.gateway.application.limits.SendQuota sendQuota(io.attest.gateway.application.limits.SendLimits limits,
                                                                    io.attest.gateway.application.limits.port.out.AccountSendCountPort counts,
                                                                    Clock clock) {
        return new io.attest.gateway.application.limits.SendQuota(limits, counts, clock);
    }

    @Bean
    public SendFactsAssembler sendFactsAssembler(ComplianceRegistryService registry, ComplianceHistoryPort history,
                                                 RecipientTimeZonePort timeZones, MarketingSendCountPort marketingSends,
                                                 io.attest.gateway.application.limits.SendLimits limits,
                                                 io.attest.gateway.application.compliance.port.out.RecipientSendCountPort recipientSends) {
        return new SendFactsAssembler(registry, history, timeZones, marketingSends, limits, recipientSends);
    }

    /**
     * How the accepts, submit attempts, submissions and receipts are committed: with group commit, those that arrive
     * together share one transaction (at most 100). Off by default ({@code gateway.group-commit.enabled}): on two
     * CPU-bound cores running a batch's commands on one thread cost more than the flushes it saved
     * (docs/performance.md).
     */
    @Bean
    public io.attest.gateway.application.shared.CommandBatches commandBatches(
            CommandGateway commandGateway, org.axonframework.common.transaction.TransactionManager transactions,
            @Value("${gateway.group-commit.enabled:false}") boolean groupCommit) {
        return groupCommit ? new io.attest.gateway.application.shared.CommandBatches(commandGateway, transactions, 100)
                : io.attest.gateway.application.shared.CommandBatches.withoutGroupCommit(commandGateway, transactions);
    }

    @Bean
    public io.attest.gateway.application.message.MessageCancellationService messageCancellationService(
            CommandGateway commandGateway, ComplianceHistoryPort history) {
        return new io.attest.gateway.application.message.MessageCancellationService(commandGateway, history);
    }

    @Bean
    public SendMessageService sendMessageService(CommandGateway commandGateway, SendFactsAssembler facts,
                                                 ComplianceHistoryPort history, Clock clock,
                                                 @Value("${gateway.messages.validity:48h}") Duration validity,
                                                 io.attest.gateway.application.webhook.WebhookService webhooks,
                                                 io.attest.gateway.application.shared.CommandBatches batches,
                                                 io.attest.gateway.application.compliance.port.out.RecipientLockPort recipientLocks,
                                                 io.attest.gateway.application.limits.SendQuota quota,
                                                 @Value("${gateway.messages.schedule-horizon:30d}") Duration horizon,
                                                 io.attest.gateway.application.cost.MessagePricing pricing,
                                                 io.attest.gateway.application.cost.SpendGuard spend) {
        // frequency caps hold across nodes: a decision that counts earlier sends takes the recipient's database lock
        return new SendMessageService(commandGateway, facts, history, clock, validity, webhooks, batches, recipientLocks)
                .limitedBy(quota).scheduledWithin(horizon).pricedBy(pricing, spend);
    }

    @Bean
    public IdempotencyService idempotencyService(IdempotencyStorePort store, Clock clock,
                                                 @Value("${gateway.idempotency.stale-after:30s}") Duration staleAfter,
                                                 @Value("${gateway.idempotency.retention:48h}") Duration retention) {
        if (retention.compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalStateException("gateway.idempotency.retention must be at least 24h");
        }
        return new IdempotencyService(store, clock, staleAfter, retention);
    }

    @Bean
    public HeldMessageReleaseService heldMessageReleaseService(HeldMessagesPort held, ComplianceHistoryPort history,
                                                               SendFactsAssembler facts, CommandGateway commandGateway,
                                                               Clock clock,
                                                               io.attest.gateway.application.compliance.port.out.RecipientLockPort recipientLocks,
                                                               io.attest.gateway.application.shared.CommandBatches batches) {
        return new HeldMessageReleaseService(held, history, facts, commandGateway, clock, recipientLocks, batches);
    }

    @Bean
    public RevocationScopePolicy revocationScopePolicy(
            @Value("${gateway.compliance.revoke-all-from:2027-01-31}") LocalDate revokeAllFrom) {
        return new RevocationScopePolicy(revokeAllFrom);
    }

    @Bean
    public InboundMessageService inboundMessageService(CommandGateway commandGateway, ComplianceRegistryService registry,
                                                       ConsentService consents, SendMessageService replies,
                                                       RevocationScopePolicy scopePolicy, Clock clock,
                                                       io.attest.gateway.application.cost.MessagePricing pricing) {
        return new InboundMessageService(commandGateway, registry, consents, replies, scopePolicy, clock)
                .pricedBy(pricing);
    }

    @Bean
    public io.attest.gateway.projections.events.AccountEventFeedProjector accountEventFeedProjector(DSLContext db,
            io.attest.gateway.application.message.port.out.SealMessageTextPort texts) {
        return new io.attest.gateway.projections.events.AccountEventFeedProjector(db, texts);
    }

    @Bean
    public io.attest.gateway.projections.events.AccountEventFeedQueries accountEventFeedQueries(DSLContext db,
            io.attest.gateway.application.message.port.out.SealMessageTextPort texts) {
        return new io.attest.gateway.projections.events.AccountEventFeedQueries(db, texts);
    }

    @Bean
    public ComplianceReadModelProjector complianceReadModelProjector(DSLContext db,
                                                                     io.attest.gateway.application.limits.SendLimits limits) {
        return new ComplianceReadModelProjector(db, limits);
    }

    @Bean
    public io.attest.gateway.projections.compliance.RegistryEntryProjector registryEntryProjector(DSLContext db) {
        return new io.attest.gateway.projections.compliance.RegistryEntryProjector(db);
    }

    @Bean
    public io.attest.gateway.projections.compliance.RegistryListQueries registryListQueries(DSLContext db) {
        return new io.attest.gateway.projections.compliance.RegistryListQueries(db);
    }

    @Bean
    public ComplianceReadModelQueries complianceReadModelQueries(DSLContext db) {
        return new ComplianceReadModelQueries(db);
    }

    @Bean
    public GetMessageService getMessageService(MessageReadModelPort readModel,
                                               io.attest.gateway.application.webhook.port.out.WebhookStorePort webhooks) {
        return new GetMessageService(readModel, webhooks);
    }

    @Bean
    public ReceiptCorrelationService receiptCorrelationService(CommandGateway commandGateway,
                                                               CarrierCorrelationPort correlations,
                                                               io.attest.gateway.application.shared.CommandBatches batches,
                                                               io.attest.gateway.application.cost.RateCards rateCards) {
        return new ReceiptCorrelationService(commandGateway, correlations, batches).pricedBy(rateCards::inForce);
    }

    /** Asks the SMSC about receipts that do not come, and stops waiting for them after the message's validity. */
    @Bean
    public io.attest.gateway.application.message.ReceiptWatchService receiptWatchService(
            io.attest.gateway.application.message.port.out.AwaitedReceiptsPort awaited,
            io.attest.gateway.application.message.port.out.CarrierQueryPort carrier,
            io.attest.gateway.application.message.port.in.RecordDeliveryReceiptUseCase receipts,
            ComplianceHistoryPort history, CommandGateway commandGateway, Clock clock,
            @Value("${gateway.receipts.query-after:1h}") Duration queryAfter,
            @Value("${gateway.receipts.give-up-after-validity:1h}") Duration giveUpAfterValidity) {
        return new io.attest.gateway.application.message.ReceiptWatchService(awaited, carrier, receipts, history,
                commandGateway, clock, queryAfter, giveUpAfterValidity);
    }

    /** One worker per dispatch segment, so the segments' submits do not queue behind one another. */
    @Bean(destroyMethod = "shutdown")
    public ExecutorService dispatchWorker(@Value("${gateway.dispatch.parallelism:8}") int dispatchParallelism) {
        return Executors.newFixedThreadPool(dispatchParallelism,
                Thread.ofPlatform().name("message-dispatch-worker-", 0).factory());
    }

    @Bean
    public MessageDispatcher messageDispatcher(SubmitToCarrierPort carrier, ReceiptCorrelationService correlation,
                                               CommandGateway commandGateway, ExecutorService dispatchWorker,
                                               Clock clock,
                                               @Value("${gateway.dispatch.unknown-outcome:resubmit}") String unknownOutcome,
                                               @Value("${gateway.dispatch.campaign-pacing:true}") boolean campaignPacing,
                                               @Value("${gateway.dispatch.brand-daily-cap:true}") boolean brandDailyCap,
                                               BrandDailyCapProperties brandCaps,
                                               io.attest.gateway.application.message.port.out.BrandDailyUsagePort brandUsage,
                                               io.attest.gateway.application.message.port.out.CampaignPacePort pace,
                                               ComplianceRegistryService registry, ComplianceHistoryPort history,
                                               io.attest.gateway.application.shared.CommandBatches batches) {
        io.attest.gateway.domain.message.UnknownOutcomePolicy policy;
        try {
            policy = io.attest.gateway.domain.message.UnknownOutcomePolicy.valueOf(
                    unknownOutcome.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("gateway.dispatch.unknown-outcome is resubmit or fail, not " + unknownOutcome);
        }
        // each campaign paced to its AT&T cap, fixed when the campaign was registered; the next free time is in the
        // database, so the nodes together keep to the cap
        var pacer = !campaignPacing ? null : io.attest.gateway.application.message.CampaignPacer.ofRegisteredCaps(
                registry, System::nanoTime, pace);
        // each brand's segments per carrier day counted against its cap (configured, or by trust score)
        var dailyCap = !brandDailyCap ? null : io.attest.gateway.application.message.BrandDailyCap.ofRegisteredBrands(
                registry, (brand, trustScore) -> brandCaps.segmentsPerDay(brand.value(), trustScore), brandUsage, clock);
        return new MessageDispatcher(carrier, correlation, commandGateway, dispatchWorker, clock, policy, pacer,
                MessageDispatcher.acceptanceFrom(history), dailyCap, batches);
    }

    @Bean
    public MessageReadModelProjector messageReadModelProjector(DSLContext db,
            io.attest.gateway.application.message.port.out.SealMessageTextPort texts) {
        return new MessageReadModelProjector(db, texts);
    }

    @Bean
    public io.attest.gateway.projections.message.MessageDashboardQueries messageDashboardQueries(DSLContext db) {
        return new io.attest.gateway.projections.message.MessageDashboardQueries(db);
    }

    @Bean
    public io.attest.gateway.projections.message.MessageSearchQueries messageSearchQueries(DSLContext db,
            io.attest.gateway.application.message.port.out.SealMessageTextPort texts) {
        return new io.attest.gateway.projections.message.MessageSearchQueries(db, texts);
    }

    @Bean
    public MessageReadModelQueries messageReadModelQueries(DSLContext db, ComplianceHistoryPort history) {
        // a message the read model has not caught up with is read from its events: a GET right after the 202 finds it
        return new MessageReadModelQueries(db, history);
    }

    @Bean
    public AuditTrailRecorder auditTrailRecorder(DSLContext db) {
        return new AuditTrailRecorder(db);
    }

    @Bean
    public io.attest.gateway.audit.ledger.ConsentLedgerProjector consentLedgerProjector(DSLContext db) {
        return new io.attest.gateway.audit.ledger.ConsentLedgerProjector(db);
    }

    @Bean
    public AuditTrailQueries auditTrailQueries(DSLContext db) {
        return new AuditTrailQueries(db);
    }

}
