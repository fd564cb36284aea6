package io.attest.gateway.application.compliance;

import io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort;
import io.attest.gateway.application.compliance.port.out.HeldMessagesPort;
import io.attest.gateway.domain.compliance.ComplianceDecision;
import io.attest.gateway.domain.compliance.SendPolicy;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageEvent;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.ReevaluateHeldMessageCommand;
import io.attest.gateway.domain.shared.InvalidInputException;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Releases held messages whose window opened: the send policy decides again with the facts of now (a
 * subscriber who opted out meanwhile is not messaged), and the message is released, held again, blocked,
 * or expired if its validity ended. Called periodically; the holds live in the event store, so they
 * survive restarts.
 */
public class HeldMessageReleaseService {

    private static final int BATCH = 100;

    private final HeldMessagesPort held;
    private final ComplianceHistoryPort history;
    private final SendFactsAssembler facts;
    private final CommandGateway commands;
    private final Clock clock;
    private final io.attest.gateway.application.compliance.port.out.RecipientLockPort sharedLocks;
    private final io.attest.gateway.application.shared.CommandBatches batches;

    public HeldMessageReleaseService(HeldMessagesPort held, ComplianceHistoryPort history, SendFactsAssembler facts,
                                     CommandGateway commands, Clock clock) {
        this(held, history, facts, commands, clock, null, null);
    }

    /**
     * @param sharedLocks the recipient locks every node shares: a marketing message is decided again under its
     *                    recipient's, counting and recording in one transaction, as a new send is; null for none
     * @param batches     the transaction that holds the lock
     */
    public HeldMessageReleaseService(HeldMessagesPort held, ComplianceHistoryPort history, SendFactsAssembler facts,
                                     CommandGateway commands, Clock clock,
                                     io.attest.gateway.application.compliance.port.out.RecipientLockPort sharedLocks,
                                     io.attest.gateway.application.shared.CommandBatches batches) {
        this.sharedLocks = sharedLocks;
        this.batches = batches;
        this.held = held;
        this.history = history;
        this.facts = facts;
        this.commands = commands;
        this.clock = clock;
    }

    /** @return how many held messages were re-decided */
    public int releaseDue() {
        Instant now = clock.instant();
        List<MessageId> due = held.dueAt(now, BATCH);
        for (MessageId id : due) {
            MessageAccepted accepted = (MessageAccepted) history.history(id.value(), MessageEvent.class).getFirst().event();
            if (sharedLocks != null && accepted.useCase() != null && accepted.useCase().isMarketing()) {
                batches.inOneUnitOfWork(() -> {
                    sharedLocks.lockUntilTransactionEnds(accepted.to());
                    reevaluate(id, accepted, now);
                    return null;
                });
            } else {
                reevaluate(id, accepted, now);
            }
        }
        return due.size();
    }

    private void reevaluate(MessageId id, MessageAccepted accepted, Instant now) {
        ComplianceDecision decision;
        try {
            decision = SendPolicy.decide(facts.assemble(accepted.accountId(), accepted.from(), accepted.to(),
                    accepted.campaignId(), accepted.purpose(), now, id).facts());
        } catch (InvalidInputException e) {
            // the number or campaign is no longer the account's: the message cannot go
            decision = new ComplianceDecision.Blocked(io.attest.gateway.domain.compliance.ComplianceRule.NUMBER_UNASSIGNED,
                    e.getMessage(), "at release " + now);
        }
        commands.sendAndWait(new ReevaluateHeldMessageCommand(id, decision, now));
    }
}
