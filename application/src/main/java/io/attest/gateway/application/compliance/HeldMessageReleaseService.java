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

    public HeldMessageReleaseService(HeldMessagesPort held, ComplianceHistoryPort history, SendFactsAssembler facts,
                                     CommandGateway commands, Clock clock) {
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
        return due.size();
    }
}
