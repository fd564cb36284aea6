package io.attest.gateway.domain.number;

import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.IllegalTransitionException;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A sender number, its own aggregate (docs/adr/0005): the rule "assigned to exactly one campaign at a time"
 * is a rule about one number, so the number guards it. It belongs to the account that first assigned it.
 */
public class SenderNumber {

    @AggregateIdentifier
    private PhoneNumber number;
    private AccountId owner;
    private CampaignId campaign;
    private NumberType type;
    private boolean tollFreeVerified;

    protected SenderNumber() {
    }

    private static final java.util.Set<String> NANP_TOLL_FREE = java.util.Set.of("800", "833", "844", "855", "866", "877", "888");

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    public void handle(AssignNumberCommand command) {
        String e164 = command.number().e164();
        if (e164.startsWith("+1") && e164.length() == 12 && NANP_TOLL_FREE.contains(e164.substring(2, 5))
                && command.type() != NumberType.TOLL_FREE) {
            throw new io.attest.gateway.domain.shared.InvalidInputException(
                    io.attest.gateway.domain.shared.ErrorCode.INVALID_REQUEST,
                    e164 + " is a toll-free number: assign it as TOLL_FREE (it must be verified before it sends)");
        }
        if (owner != null && !owner.equals(command.accountId())) {
            throw new NumberUnavailableException(command.number() + " belongs to another account");
        }
        if (campaign != null) {
            if (campaign.equals(command.campaignId())) {
                return;
            }
            throw new NumberUnavailableException(command.number() + " is assigned to campaign " + campaign
                    + "; release it first");
        }
        apply(new NumberAssigned(command.number(), command.accountId(), command.campaignId(), command.type()));
    }

    @CommandHandler
    public void handle(ReleaseNumberCommand command) {
        if (!command.accountId().equals(owner)) {
            throw new NumberUnavailableException(command.number() + " belongs to another account");
        }
        if (campaign == null) {
            throw new IllegalTransitionException(command.number() + " is not assigned");
        }
        apply(new NumberReleased(number, campaign));
    }

    @CommandHandler
    public void handle(VerifyTollFreeNumberCommand command) {
        if (type != NumberType.TOLL_FREE) {
            throw new IllegalTransitionException(number + " is not a toll-free number");
        }
        if (!tollFreeVerified) {
            apply(new TollFreeNumberVerified(number));
        }
    }

    @EventSourcingHandler
    void on(NumberAssigned event) {
        number = event.number();
        owner = event.accountId();
        campaign = event.campaignId();
        type = event.type();
    }

    @EventSourcingHandler
    void on(NumberReleased event) {
        campaign = null;
    }

    @EventSourcingHandler
    void on(TollFreeNumberVerified event) {
        tollFreeVerified = true;
    }

    /** The number is another account's, or bound to another campaign. */
    public static class NumberUnavailableException extends IllegalTransitionException {
        public NumberUnavailableException(String message) {
            super(message);
        }
    }
}
