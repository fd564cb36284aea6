package io.attest.gateway.domain.campaign;

import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.shared.AccountId;

import java.util.List;

/** A campaign that passes registration checks, and ways to spoil it. */
public final class CampaignFixture {

    public static final CampaignId MARKETING_ID = CampaignId.of("acme-promos");
    public static final CampaignId OTP_ID = CampaignId.of("acme-otp");
    public static final BrandId BRAND = BrandId.of("acme-brand");
    public static final AccountId ACCOUNT = AccountId.of("acme");

    private CampaignFixture() {
    }

    public static CampaignTerms terms() {
        return new CampaignTerms("Weekly offers for Acme loyalty members",
                List.of("Acme: 20% off this weekend. Reply STOP to opt out.",
                        "Acme: your loyalty points doubled today! Reply STOP to unsubscribe."),
                "Customers tick an unticked box on acme.example/join",
                "Acme offers: up to 4 msgs/month. Msg & data rates may apply. Reply HELP for help, STOP to cancel.",
                "Acme: help at support@acme.example or 1-800-555-0100. Up to 4 msgs/month. "
                        + "Msg & data rates may apply. Reply STOP to cancel.",
                "Acme: you are unsubscribed and will receive no more messages.",
                "up to 4 messages per month");
    }

    public static CampaignTerms termsWithSamples(List<String> samples) {
        CampaignTerms valid = terms();
        return new CampaignTerms(valid.description(), samples, valid.optInFlow(), valid.optInText(),
                valid.helpReply(), valid.stopConfirmation(), valid.messageFrequency());
    }
}
