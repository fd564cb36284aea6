package io.attest.gateway.domain.inbound;

import io.attest.gateway.domain.consent.ReplyClassifier;
import io.attest.gateway.domain.consent.ReplyIntent;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** One inbound message (MO), recorded with how the gateway read it. */
public class InboundMessage {

    @AggregateIdentifier
    private InboundMessageId inboundMessageId;

    protected InboundMessage() {
    }

    @CommandHandler
    public InboundMessage(ReceiveInboundMessageCommand command) {
        ReplyIntent intent = ReplyClassifier.classify(command.text());
        apply(new InboundMessageReceived(command.inboundMessageId(), command.from(), command.to(), command.text(),
                command.accountId(), command.campaignId(), intent.kind(), intent.matchedRule(),
                command.charge()));
    }

    @EventSourcingHandler
    void on(InboundMessageReceived event) {
        inboundMessageId = event.inboundMessageId();
    }
}
