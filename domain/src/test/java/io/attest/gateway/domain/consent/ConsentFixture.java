package io.attest.gateway.domain.consent;

import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;

import java.time.Instant;

/** Consent test data named for what it means. */
public final class ConsentFixture {

    public static final AccountId ACME = AccountId.of("acme");
    public static final BrandId BRAND = BrandId.of("acme-brand");
    public static final PhoneNumber SUBSCRIBER = PhoneNumber.of("+13055550123");
    public static final CampaignId PROMOS = CampaignId.of("acme-promos");
    public static final CampaignId OTP = CampaignId.of("acme-otp");
    public static final SubscriberConsentId ID = SubscriberConsentId.of(BRAND, SUBSCRIBER);
    public static final Instant WHEN = Instant.parse("2026-11-20T15:00:00Z");

    private ConsentFixture() {
    }

    public static ConsentEvidence webFormEvidence() {
        return ConsentEvidence.of(ConsentChannel.WEB_FORM,
                "By checking this box I agree to receive recurring automated marketing texts from Acme at this number. "
                        + "Consent is not a condition of purchase. Msg & data rates may apply. Reply STOP to cancel.",
                "[x] Yes, text me offers", "https://acme.example/join v3", "203.0.113.7", "Mozilla/5.0", "Pat Doe");
    }

    public static RecordOptInCommand optInCommand(CampaignId campaign, ConsentKind kind) {
        return new RecordOptInCommand(ID, ACME, BRAND, SUBSCRIBER, campaign, kind, webFormEvidence(), WHEN, "acme-app");
    }

    public static OptInRecorded optedIn(CampaignId campaign, ConsentKind kind) {
        return new OptInRecorded(ID, ACME, BRAND, SUBSCRIBER, campaign, kind, webFormEvidence(), WHEN, "acme-app");
    }

    public static OptOutRecorded optedOut(CampaignId campaign, RevocationScope scope, boolean already) {
        return new OptOutRecorded(ID, ACME, BRAND, SUBSCRIBER, OptOutMethod.KEYWORD, "keyword:STOP", "STOP", scope,
                campaign, WHEN, "subscriber", already);
    }

    public static RecordOptOutCommand stopCommand(CampaignId campaign, RevocationScope scope) {
        return new RecordOptOutCommand(ID, ACME, BRAND, SUBSCRIBER, OptOutMethod.KEYWORD, "keyword:STOP", "STOP", scope,
                campaign, WHEN, "subscriber");
    }

    public static ConsentState optedInForMarketing() {
        return ConsentState.fold(java.util.List.of(optedIn(PROMOS, ConsentKind.EXPRESS_WRITTEN)));
    }
}
