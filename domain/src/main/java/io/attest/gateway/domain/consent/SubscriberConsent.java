package io.attest.gateway.domain.consent;

import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One subscriber's consent to one brand, with its evidence: every opt-in, every revocation. Created by the
 * first of either (a STOP from a number never opted in is still recorded).
 */
public class SubscriberConsent {

    @AggregateIdentifier
    private SubscriberConsentId consentId;
    private final ConsentState state = new ConsentState();

    protected SubscriberConsent() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordOptInCommand command) {
        if (command.kind() == null || command.evidence() == null || command.campaignId() == null) {
            throw new InvalidInputException(ErrorCode.INVALID_CONSENT, "an opt-in needs its kind, evidence and campaign");
        }
        if (command.kind() == ConsentKind.EXPRESS_WRITTEN && !command.evidence().disclosesNoConditionOfPurchase()) {
            throw new InvalidInputException(ErrorCode.INVALID_CONSENT, "written consent for marketing must disclose "
                    + "that consent is not a condition of purchase (47 CFR 64.1200(f)(9))");
        }
        apply(new OptInRecorded(command.consentId(), command.accountId(), command.brandId(), command.subscriber(),
                command.campaignId(), command.kind(), command.evidence(), command.consentedAt(), command.recordedBy()));
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(RecordOptOutCommand command) {
        if (command.method() == null || command.scope() == null) {
            throw new InvalidInputException(ErrorCode.INVALID_CONSENT, "an opt-out needs its method and scope");
        }
        boolean already = consentId != null && !state.wouldChange(command.scope(), command.campaignId());
        apply(new OptOutRecorded(command.consentId(), command.accountId(), command.brandId(), command.subscriber(),
                command.method(), command.matchedRule(), command.subscriberWords(), command.scope(),
                command.campaignId(), command.requestedAt(), command.recordedBy(), already));
    }

    @EventSourcingHandler
    void on(OptInRecorded event) {
        consentId = event.consentId();
        state.apply(event);
    }

    @EventSourcingHandler
    void on(OptOutRecorded event) {
        consentId = event.consentId();
        state.apply(event);
    }
}
