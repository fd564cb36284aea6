package io.attest.gateway.application.compliance;

import io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort;
import io.attest.gateway.application.compliance.port.out.MarketingSendCountPort;
import io.attest.gateway.application.compliance.port.out.RecipientSendCountPort;
import io.attest.gateway.application.limits.SendLimits;
import io.attest.gateway.application.compliance.port.out.RecipientTimeZonePort;
import io.attest.gateway.domain.brand.BrandStatus;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.domain.compliance.SendFacts;
import io.attest.gateway.domain.consent.ConsentEvent;
import io.attest.gateway.domain.consent.ConsentState;
import io.attest.gateway.domain.consent.SubscriberConsentId;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;
import io.attest.gateway.domain.shared.PhoneNumber;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Gathers what the send policy needs about one message: the sender number's assignment, the campaign and
 * its brand, the recipient's consent (from the event store, so current), the recipient's time zones,
 * recent marketing sends and the account's recent messages to the recipient (when its velocity is limited).
 */
public class SendFactsAssembler {

    private final ComplianceRegistryService registry;
    private final ComplianceHistoryPort history;
    private final RecipientTimeZonePort timeZones;
    private final MarketingSendCountPort marketingSends;
    private final SendLimits limits;
    private final RecipientSendCountPort recipientSends;

    public SendFactsAssembler(ComplianceRegistryService registry, ComplianceHistoryPort history,
                              RecipientTimeZonePort timeZones, MarketingSendCountPort marketingSends) {
        this(registry, history, timeZones, marketingSends, SendLimits.none(), null);
    }

    /**
     * @param limits         the accounts' recipient velocity limits
     * @param recipientSends counts an account's recent messages to a recipient; null when no account has the limit
     */
    public SendFactsAssembler(ComplianceRegistryService registry, ComplianceHistoryPort history,
                              RecipientTimeZonePort timeZones, MarketingSendCountPort marketingSends,
                              SendLimits limits, RecipientSendCountPort recipientSends) {
        this.registry = registry;
        this.history = history;
        this.timeZones = timeZones;
        this.marketingSends = marketingSends;
        this.limits = limits;
        this.recipientSends = recipientSends;
    }

    /**
     * Whether a decision for this account and purpose counts the account's earlier sends to the recipient (the
     * recipient velocity rule), known before any fact is gathered: such decisions on one recipient must be taken one
     * after the other.
     */
    public boolean countsRecipientSends(AccountId account, MessagePurpose purpose) {
        return recipientSends != null && purpose == MessagePurpose.CLIENT && limits.of(account).limitsRecipients();
    }

    /** @param campaign the campaign the facts were gathered for, or null when none could be found */
    public record Assembled(SendFacts facts, CampaignView campaign) {

        /**
         * Whether the decision counted earlier sends to the recipient (a marketing campaign's frequency cap): two such
         * decisions at once, on one node or two, must be taken one after the other, or both could pass the cap. So
         * must two decisions that counted the account's recent messages to the recipient (the velocity rule).
         */
        public boolean countedEarlierSends() {
            return countsEarlierSends(campaign) || facts.velocity() != null;
        }
    }

    private static boolean countsEarlierSends(CampaignView campaign) {
        return campaign != null && campaign.registration().useCase().isMarketing();
    }

    /**
     * @throws InvalidInputException {@code unknown-sender} when the number is not one of the account's,
     *                               {@code unknown-campaign} when a named campaign is not the account's
     */
    public Assembled assemble(AccountId account, PhoneNumber from, PhoneNumber to, CampaignId requestedCampaign,
                              MessagePurpose purpose, Instant now) {
        return assemble(account, from, to, requestedCampaign, purpose, now, null);
    }

    /**
     * The campaign and brand the last decision from a sender number (and requested campaign) found, by number and
     * campaign: a guess at the streams the next decision will read, so their remembered histories can be checked in
     * one query first ({@link ComplianceHistoryPort#readingAhead}). Only a guess: a wrong one costs the reads it
     * would have saved, never a fact.
     */
    private final java.util.Map<String, List<String>> lastStreams = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int REMEMBERED_SENDERS = 10_000;

    /** @param reconsidered a held message decided again: it does not count against its own cap */
    public Assembled assemble(AccountId account, PhoneNumber from, PhoneNumber to, CampaignId requestedCampaign,
                              MessagePurpose purpose, Instant now, MessageId reconsidered) {
        String sender = from.e164() + (requestedCampaign == null ? "" : "|" + requestedCampaign.value());
        List<String> guessed = lastStreams.get(sender);
        List<String> streams = guessed == null ? List.of(from.e164()) : List.of(from.e164(), guessed.get(0),
                guessed.get(1), SubscriberConsentId.of(io.attest.gateway.domain.brand.BrandId.of(guessed.get(1)), to).value());
        Assembled assembled = history.readingAhead(streams,
                () -> assembleNow(account, from, to, requestedCampaign, purpose, now, reconsidered));
        CampaignView campaign = assembled.campaign();
        if (campaign != null && (guessed == null || !guessed.get(0).equals(campaign.registration().campaignId().value()))) {
            if (lastStreams.size() >= REMEMBERED_SENDERS) {
                lastStreams.clear();
            }
            lastStreams.put(sender, List.of(campaign.registration().campaignId().value(),
                    campaign.registration().brandId().value()));
        }
        return assembled;
    }

    private Assembled assembleNow(AccountId account, PhoneNumber from, PhoneNumber to, CampaignId requestedCampaign,
                                  MessagePurpose purpose, Instant now, MessageId reconsidered) {
        NumberView number = registry.findNumber(from).filter(view -> view.accountId().equals(account))
                .orElseThrow(() -> new InvalidInputException(ErrorCode.UNKNOWN_SENDER,
                        from + " is not a sender number of account " + account));
        CampaignId campaignId = requestedCampaign != null ? requestedCampaign : number.campaignId();
        CampaignView campaign = campaignId == null ? null : registry.findCampaign(campaignId)
                .filter(view -> view.registration().accountId().equals(account))
                .orElseThrow(() -> new InvalidInputException(ErrorCode.UNKNOWN_CAMPAIGN,
                        "no campaign " + campaignId + " in account " + account));
        BrandStatus brandStatus = campaign == null ? null : registry.findBrand(campaign.registration().brandId())
                .map(BrandView::status).orElse(null);
        ConsentState consent = campaign == null ? ConsentState.fold(List.of())
                : ConsentState.fold(history.history(SubscriberConsentId.of(campaign.registration().brandId(), to).value(),
                        ConsentEvent.class).stream().map(ComplianceHistoryPort.Recorded::event).toList());
        int marketingLastDay = countsEarlierSends(campaign)
                ? marketingSends.countSince(campaignId, to, now.minus(Duration.ofHours(24)), reconsidered) : 0;
        SendFacts facts = new SendFacts(now, purpose, to,
                number.campaignId() == null ? null
                        : new SendFacts.SenderNumberFacts(number.campaignId(), number.type(), number.tollFreeVerified()),
                campaign == null ? null : new SendFacts.CampaignFacts(campaignId, campaign.status(),
                        campaign.registration().useCase(), brandStatus),
                consent, timeZones.zonesOf(to), marketingLastDay, velocity(account, to, purpose, now, reconsidered));
        return new Assembled(facts, campaign);
    }

    private SendFacts.RecipientVelocity velocity(AccountId account, PhoneNumber to, MessagePurpose purpose, Instant now,
                                                 MessageId reconsidered) {
        if (!countsRecipientSends(account, purpose)) {
            return null;
        }
        SendLimits.Limits own = limits.of(account);
        return new SendFacts.RecipientVelocity(own.recipientMessages(), own.recipientWindow(),
                recipientSends.countSince(account, to, now.minus(own.recipientWindow()), reconsidered));
    }
}
