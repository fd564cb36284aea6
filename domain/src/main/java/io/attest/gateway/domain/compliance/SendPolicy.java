package io.attest.gateway.domain.compliance;

import io.attest.gateway.domain.brand.BrandStatus;
import io.attest.gateway.domain.campaign.CampaignStatus;
import io.attest.gateway.domain.consent.ConsentKind;
import io.attest.gateway.domain.number.NumberType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether one outbound message may leave now, must wait, or must not leave at all. Pure: every
 * fact comes in through {@link SendFacts}; the decision names the rule and the facts it used. The rules
 * are checked in this order (docs/compliance-rule-map.md):
 * number assigned -> toll-free verified -> campaign active -> not opted out -> consent of the required
 * kind -> recipient velocity -> state frequency cap -> quiet hours. Replies the rules oblige (STOP and START confirmations, HELP
 * replies) are never suppressed.
 */
public final class SendPolicy {

    private SendPolicy() {
    }

    public static ComplianceDecision decide(SendFacts facts) {
        String inputs = describe(facts);
        if (facts.purpose().isObligatoryReply()) {
            return new ComplianceDecision.Allowed(List.of("reply." + facts.purpose().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')),
                    inputs);
        }
        List<String> passed = new ArrayList<>();
        var number = facts.number();
        var campaign = facts.campaign();
        if (number == null || campaign == null || !number.campaignId().equals(campaign.campaignId())) {
            return blocked(ComplianceRule.NUMBER_UNASSIGNED,
                    "the sender number is not assigned to the campaign the message goes through", inputs);
        }
        passed.add(ComplianceRule.NUMBER_UNASSIGNED.id());
        if (number.type() == NumberType.TOLL_FREE && !number.tollFreeVerified()) {
            return blocked(ComplianceRule.TOLL_FREE_UNVERIFIED, "the toll-free sender number is not verified", inputs);
        }
        passed.add(ComplianceRule.TOLL_FREE_UNVERIFIED.id());
        if (campaign.status() != CampaignStatus.ACTIVE || campaign.brandStatus() != BrandStatus.VERIFIED) {
            return blocked(ComplianceRule.CAMPAIGN_INACTIVE, "campaign " + campaign.campaignId() + " is "
                    + campaign.status() + " and its brand " + campaign.brandStatus(), inputs);
        }
        passed.add(ComplianceRule.CAMPAIGN_INACTIVE.id());
        if (facts.consent().isOptedOut(campaign.campaignId())) {
            return blocked(ComplianceRule.SUBSCRIBER_OPTED_OUT, facts.recipient() + " revoked consent", inputs);
        }
        passed.add(ComplianceRule.SUBSCRIBER_OPTED_OUT.id());
        boolean marketing = campaign.useCase().isMarketing();
        Optional<ConsentKind> consent = facts.consent().consentFor(campaign.campaignId());
        if (consent.isEmpty()) {
            return blocked(ComplianceRule.CONSENT_MISSING, "no recorded consent of " + facts.recipient()
                    + " to campaign " + campaign.campaignId(), inputs);
        }
        passed.add(ComplianceRule.CONSENT_MISSING.id());
        if (marketing && !consent.get().covers(ConsentKind.EXPRESS_WRITTEN)) {
            return blocked(ComplianceRule.WRITTEN_CONSENT_REQUIRED, "campaign " + campaign.campaignId() + " is "
                    + campaign.useCase() + " and the recorded consent is " + consent.get(), inputs);
        }
        passed.add(ComplianceRule.WRITTEN_CONSENT_REQUIRED.id());
        var velocity = facts.velocity();
        if (velocity != null) {
            if (velocity.sent() >= velocity.limit()) {
                return blocked(ComplianceRule.RECIPIENT_VELOCITY, "the account may send " + velocity.limit()
                        + " messages to " + facts.recipient() + " within " + velocity.window() + "; " + velocity.sent()
                        + " were sent", inputs);
            }
            passed.add(ComplianceRule.RECIPIENT_VELOCITY.id());
        }
        if (!marketing) {
            passed.add("quiet-hours.exempt:" + campaign.useCase());
            return new ComplianceDecision.Allowed(passed, inputs);
        }
        StateRule state = StateRule.forRecipient(facts.recipient());
        if (facts.marketingSentLast24Hours() >= state.marketingPer24Hours()) {
            return blocked(ComplianceRule.STATE_FREQUENCY_CAP, state + " allows " + state.marketingPer24Hours()
                    + " marketing messages per 24 hours; " + facts.marketingSentLast24Hours() + " were sent", inputs);
        }
        passed.add(ComplianceRule.STATE_FREQUENCY_CAP.id());
        Optional<Instant> window = QuietHours.nextPermitted(facts.now(), facts.recipientZones(), state.windowStart(),
                state.windowEnd());
        if (window.isEmpty()) {
            return blocked(ComplianceRule.NO_SENDING_WINDOW, "no hour is permitted in all of "
                    + facts.recipientZones(), inputs);
        }
        if (window.get().isAfter(facts.now())) {
            return new ComplianceDecision.Held(state.quietHoursRule(), window.get(), "outside " + state.windowStart()
                    + "-" + state.windowEnd() + " in " + facts.recipientZones() + "; held until " + window.get(), inputs);
        }
        passed.add(state.quietHoursRule().id());
        return new ComplianceDecision.Allowed(passed, inputs);
    }

    private static ComplianceDecision blocked(ComplianceRule rule, String reason, String inputs) {
        return new ComplianceDecision.Blocked(rule, reason, inputs);
    }

    private static String describe(SendFacts facts) {
        return "now=" + facts.now()
                + " purpose=" + facts.purpose()
                + " recipient=" + facts.recipient()
                + " zones=" + facts.recipientZones()
                + " state=" + StateRule.forRecipient(facts.recipient())
                + " number=" + (facts.number() == null ? "unassigned" : facts.number().campaignId() + "/"
                + facts.number().type() + (facts.number().tollFreeVerified() ? "/verified" : ""))
                + " campaign=" + (facts.campaign() == null ? "none" : facts.campaign().campaignId() + "/"
                + facts.campaign().status() + "/" + facts.campaign().useCase() + "/brand " + facts.campaign().brandStatus())
                + " consent=" + (facts.campaign() == null ? "n/a" : facts.consent().isOptedOut(facts.campaign().campaignId())
                ? "opted-out" : facts.consent().consentFor(facts.campaign().campaignId()).map(Enum::name).orElse("none"))
                + " marketing24h=" + facts.marketingSentLast24Hours()
                + (facts.velocity() == null ? "" : " recipient" + facts.velocity().window() + "=" + facts.velocity().sent()
                + "/" + facts.velocity().limit());
    }
}
