package io.attest.gateway.application.inbound;

import io.attest.gateway.application.compliance.CampaignView;
import io.attest.gateway.application.compliance.ComplianceRegistryService;
import io.attest.gateway.application.compliance.ConsentService;
import io.attest.gateway.application.compliance.NumberView;
import io.attest.gateway.application.inbound.port.in.ReceiveInboundMessageUseCase;
import io.attest.gateway.application.message.SendMessageService;
import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.campaign.CampaignTerms;
import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.domain.consent.ConsentChannel;
import io.attest.gateway.domain.consent.ConsentEvidence;
import io.attest.gateway.domain.consent.ConsentKind;
import io.attest.gateway.domain.consent.OptOutMethod;
import io.attest.gateway.domain.consent.RecordOptInCommand;
import io.attest.gateway.domain.consent.RecordOptOutCommand;
import io.attest.gateway.domain.consent.ReplyClassifier;
import io.attest.gateway.domain.consent.ReplyIntent;
import io.attest.gateway.domain.consent.RevocationScope;
import io.attest.gateway.domain.consent.RevocationScopePolicy;
import io.attest.gateway.domain.consent.SubscriberConsentId;
import io.attest.gateway.domain.inbound.InboundMessageId;
import io.attest.gateway.domain.inbound.ReceiveInboundMessageCommand;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Inbound messages, before anything is forwarded to the client: every one is recorded with how it was
 * read. A revocation (keyword or plain words) is recorded at once, so it applies to the very next send,
 * then one confirmation goes out (not when the subscriber was opted out already). START/UNSTOP records a
 * new opt-in with the reply as evidence and sends the opt-in confirmation; HELP/INFO gets the campaign's
 * HELP reply.
 */
public class InboundMessageService implements ReceiveInboundMessageUseCase {

    private static final Logger log = LoggerFactory.getLogger(InboundMessageService.class);

    private final CommandGateway commands;
    private final ComplianceRegistryService registry;
    private final ConsentService consents;
    private final SendMessageService replies;
    private final RevocationScopePolicy scopePolicy;
    private final Clock clock;

    public InboundMessageService(CommandGateway commands, ComplianceRegistryService registry, ConsentService consents,
                                 SendMessageService replies, RevocationScopePolicy scopePolicy, Clock clock) {
        this.commands = commands;
        this.registry = registry;
        this.consents = consents;
        this.replies = replies;
        this.scopePolicy = scopePolicy;
        this.clock = clock;
    }

    private io.attest.gateway.application.cost.MessagePricing pricing;

    /** Charges every inbound message to the account that owns the receiving number, by the rate card in force. */
    public InboundMessageService pricedBy(io.attest.gateway.application.cost.MessagePricing pricing) {
        this.pricing = pricing;
        return this;
    }

    @Override
    public void receive(PhoneNumber from, PhoneNumber to, String text) {
        Optional<NumberView> number = registry.findNumber(to);
        AccountId account = number.map(NumberView::accountId).orElse(null);
        Optional<CampaignView> campaign = number.map(NumberView::campaignId).flatMap(registry::findCampaign);
        InboundMessageId id = new InboundMessageId(UUID.randomUUID().toString());
        var charge = pricing == null || number.isEmpty() ? null : pricing.inbound(from, number.get().type(),
                campaign.map(c -> c.status() == io.attest.gateway.domain.campaign.CampaignStatus.ACTIVE).orElse(false),
                clock.instant());
        commands.sendAndWait(new ReceiveInboundMessageCommand(id, from, to, text, account,
                campaign.map(c -> c.registration().campaignId()).orElse(null), charge));
        if (campaign.isEmpty()) {
            log.warn("inbound message {} to {} is recorded, but the number serves no campaign", id, to);
            return;
        }
        ReplyIntent intent = ReplyClassifier.classify(text);
        CampaignView program = campaign.get();
        BrandId brand = program.registration().brandId();
        CampaignTerms terms = program.registration().terms();
        Instant now = clock.instant();
        switch (intent.kind()) {
            case OPT_OUT, OPT_OUT_ALL -> {
                RevocationScope scope = scopePolicy.scopeOf(intent, now);
                boolean changes = consents.consent(account, brand, from).state()
                        .wouldChange(scope, program.registration().campaignId());
                commands.sendAndWait(new RecordOptOutCommand(SubscriberConsentId.of(brand, from), account, brand, from,
                        intent.matchedRule().startsWith("phrase:") ? OptOutMethod.PLAIN_WORDS : OptOutMethod.KEYWORD,
                        intent.matchedRule(), text, scope, program.registration().campaignId(), now, "subscriber"));
                if (changes) {
                    replies.sendObligatoryReply(account, to, from, terms.stopConfirmation(),
                            program.registration().campaignId(), MessagePurpose.OPT_OUT_CONFIRMATION);
                }
            }
            case OPT_IN -> {
                boolean written = program.registration().useCase().isMarketing()
                        && ConsentEvidence.of(ConsentChannel.SMS_KEYWORD, terms.optInText(), text, null, null, null, null)
                        .disclosesNoConditionOfPurchase();
                commands.sendAndWait(new RecordOptInCommand(SubscriberConsentId.of(brand, from), account, brand, from,
                        program.registration().campaignId(), written ? ConsentKind.EXPRESS_WRITTEN : ConsentKind.EXPRESS,
                        ConsentEvidence.of(ConsentChannel.SMS_KEYWORD, terms.optInText(), text,
                                "inbound message " + id + " to " + to, null, null, null),
                        now, "subscriber"));
                replies.sendObligatoryReply(account, to, from, terms.optInText(), program.registration().campaignId(),
                        MessagePurpose.OPT_IN_CONFIRMATION);
            }
            case HELP -> replies.sendObligatoryReply(account, to, from, terms.helpReply(),
                    program.registration().campaignId(), MessagePurpose.HELP_REPLY);
            case NONE -> log.debug("inbound message {} is an ordinary reply", id);
        }
    }
}
