package io.attest.gateway.application.compliance;

import io.attest.gateway.application.compliance.port.in.ManageConsentUseCase;
import io.attest.gateway.application.compliance.port.out.CampaignNumbersPort;
import io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.application.shared.NotFoundException;
import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.consent.ConsentEvent;
import io.attest.gateway.domain.consent.RecordOptInCommand;
import io.attest.gateway.domain.consent.RecordOptOutCommand;
import io.attest.gateway.domain.consent.SubscriberConsentId;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.commandhandling.gateway.CommandGateway;

import java.time.Clock;

/** Opt-ins and opt-outs recorded through the API, and consent read back with its history. */
public class ConsentService implements ManageConsentUseCase {

    private final CommandGateway commands;
    private final ComplianceHistoryPort history;
    private final ComplianceRegistryService registry;
    private final Clock clock;
    private final CampaignNumbersPort campaignNumbers;
    private final ObligatoryReplies replies;

    /** Sends a reply the rules oblige; implemented by the message service. */
    public interface ObligatoryReplies {
        void send(AccountId account, PhoneNumber from, PhoneNumber to, String text, CampaignId campaign,
                  MessagePurpose purpose);
    }

    public ConsentService(CommandGateway commands, ComplianceHistoryPort history, ComplianceRegistryService registry,
                          Clock clock, CampaignNumbersPort campaignNumbers, ObligatoryReplies replies) {
        this.commands = commands;
        this.history = history;
        this.registry = registry;
        this.clock = clock;
        this.campaignNumbers = campaignNumbers;
        this.replies = replies;
    }

    @Override
    public ConsentView optIn(AccountId account, String actor, OptIn request) {
        requireOwnBrand(account, request.brandId());
        CampaignView campaign = registry.findCampaign(request.campaignId())
                .filter(c -> c.registration().accountId().equals(account)
                        && c.registration().brandId().equals(request.brandId()))
                .orElseThrow(() -> new InvalidInputException(ErrorCode.UNKNOWN_CAMPAIGN,
                        "no campaign " + request.campaignId() + " of brand " + request.brandId() + " in this account"));
        if (request.consentedAt() != null && request.consentedAt().isAfter(clock.instant().plusSeconds(300))) {
            throw new InvalidInputException(ErrorCode.INVALID_CONSENT, "consentedAt is in the future");
        }
        SubscriberConsentId id = SubscriberConsentId.of(request.brandId(), request.subscriber());
        commands.sendAndWait(new RecordOptInCommand(id, account, request.brandId(), request.subscriber(),
                request.campaignId(), request.kind(), request.evidence(),
                request.consentedAt() == null ? clock.instant() : request.consentedAt(), actor));
        boolean confirm = request.sendConfirmation() != null ? request.sendConfirmation()
                : campaign.registration().useCase().isMarketing();
        if (confirm) {
            campaignNumbers.numbersOf(request.campaignId()).stream().findFirst().ifPresent(number ->
                    replies.send(account, number, request.subscriber(), campaign.registration().terms().optInText(),
                            request.campaignId(), MessagePurpose.OPT_IN_CONFIRMATION));
        }
        return consent(account, request.brandId(), request.subscriber());
    }

    @Override
    public ConsentView optOut(AccountId account, String actor, OptOut request) {
        requireOwnBrand(account, request.brandId());
        if (request.campaignId() != null) {
            registry.findCampaign(request.campaignId())
                    .filter(c -> c.registration().accountId().equals(account))
                    .orElseThrow(() -> new InvalidInputException(ErrorCode.UNKNOWN_CAMPAIGN,
                            "no campaign " + request.campaignId() + " in this account"));
        }
        SubscriberConsentId id = SubscriberConsentId.of(request.brandId(), request.subscriber());
        commands.sendAndWait(new RecordOptOutCommand(id, account, request.brandId(), request.subscriber(),
                request.method(), "method:" + request.method(), request.words(), request.scope(), request.campaignId(),
                clock.instant(), actor));
        return consent(account, request.brandId(), request.subscriber());
    }

    @Override
    public ConsentView consent(AccountId account, BrandId brand, PhoneNumber subscriber) {
        registry.findBrand(brand).filter(b -> b.registration().accountId().equals(account))
                .orElseThrow(() -> new NotFoundException("consent-not-found", "no brand " + brand + " in this account"));
        return ConsentView.of(brand, subscriber, history.history(SubscriberConsentId.of(brand, subscriber).value(),
                ConsentEvent.class));
    }

    private void requireOwnBrand(AccountId account, BrandId brand) {
        registry.findBrand(brand).filter(b -> b.registration().accountId().equals(account))
                .orElseThrow(() -> new InvalidInputException(ErrorCode.UNKNOWN_BRAND,
                        "no brand " + brand + " in this account"));
    }
}
