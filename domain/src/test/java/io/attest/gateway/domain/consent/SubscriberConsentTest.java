package io.attest.gateway.domain.consent;

import io.attest.gateway.domain.shared.InvalidInputException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import static io.attest.gateway.domain.consent.ConsentFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubscriberConsentTest {

    private FixtureConfiguration<SubscriberConsent> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SubscriberConsent.class);
    }

    @Test
    void recordsAWrittenOptInWithItsEvidenceAndTheHashOfTheDisclosure() {
        fixture.givenNoPriorActivity()
                .when(optInCommand(PROMOS, ConsentKind.EXPRESS_WRITTEN))
                .expectEvents(optedIn(PROMOS, ConsentKind.EXPRESS_WRITTEN));
        assertThat(webFormEvidence().disclosureSha256()).hasSize(64)
                .isEqualTo(ConsentEvidence.sha256(webFormEvidence().disclosureShown()));
    }

    @Test
    void blocksMarketingConsentWhoseDisclosureOmitsNoConditionOfPurchase() {
        ConsentEvidence bare = ConsentEvidence.of(ConsentChannel.WEB_FORM, "Text me offers", "[x]", null,
                "203.0.113.7", "Mozilla/5.0", null);
        fixture.givenNoPriorActivity()
                .when(new RecordOptInCommand(ID, ACME, BRAND, SUBSCRIBER, PROMOS, ConsentKind.EXPRESS_WRITTEN, bare,
                        WHEN, "acme-app"))
                .expectException(InvalidInputException.class)
                .expectNoEvents();
    }

    @Test
    void webConsentWithoutIpAndUserAgentIsNotEvidence() {
        assertThatThrownBy(() -> ConsentEvidence.of(ConsentChannel.WEB_FORM, "disclosure", "[x]", null, null, null, null))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void evidenceWithANulCharacterIsRefused() {
        assertThatThrownBy(() -> ConsentEvidence.of(ConsentChannel.API, "disclosure\u0000", "[x]", null, null, null, null))
                .isInstanceOf(InvalidInputException.class);
    }

    @Test
    void aStopFromANumberNeverOptedInIsStillRecorded() {
        fixture.givenNoPriorActivity()
                .when(stopCommand(PROMOS, RevocationScope.CAMPAIGN))
                .expectEvents(optedOut(PROMOS, RevocationScope.CAMPAIGN, false));
    }

    @Test
    void aSecondStopIsRecordedAsAlreadyOptedOut() {
        fixture.given(optedIn(PROMOS, ConsentKind.EXPRESS_WRITTEN), optedOut(PROMOS, RevocationScope.CAMPAIGN, false))
                .when(stopCommand(PROMOS, RevocationScope.CAMPAIGN))
                .expectEvents(optedOut(PROMOS, RevocationScope.CAMPAIGN, true));
    }

    @Test
    void honoursStopForTheCampaignOnlyWhileRevokeAllIsWaived() {
        ConsentState state = ConsentState.fold(List.of(optedIn(PROMOS, ConsentKind.EXPRESS_WRITTEN),
                optedIn(OTP, ConsentKind.EXPRESS), optedOut(PROMOS, RevocationScope.CAMPAIGN, false)));

        assertThat(state.isOptedOut(PROMOS)).isTrue();
        assertThat(state.consentFor(PROMOS)).isEmpty();
        assertThat(state.consentFor(OTP)).contains(ConsentKind.EXPRESS);
    }

    @Test
    void aBrandWideRevocationEndsEveryConsentOfTheBrand() {
        ConsentState state = ConsentState.fold(List.of(optedIn(PROMOS, ConsentKind.EXPRESS_WRITTEN),
                optedIn(OTP, ConsentKind.EXPRESS), optedOut(PROMOS, RevocationScope.BRAND, false)));

        assertThat(state.isOptedOut(PROMOS)).isTrue();
        assertThat(state.isOptedOut(OTP)).isTrue();
        assertThat(state.consentFor(OTP)).isEmpty();
    }

    @Test
    void reOptingInToOneCampaignAfterStopAllRestoresOnlyThatCampaign() {
        ConsentState state = ConsentState.fold(List.of(optedIn(PROMOS, ConsentKind.EXPRESS_WRITTEN),
                optedIn(OTP, ConsentKind.EXPRESS), optedOut(null, RevocationScope.BRAND, false),
                optedIn(OTP, ConsentKind.EXPRESS)));

        assertThat(state.consentFor(OTP)).contains(ConsentKind.EXPRESS);
        assertThat(state.isOptedOut(PROMOS)).isTrue();
    }

    @Test
    void writtenConsentCoversInformationalButNotTheOtherWayRound() {
        assertThat(ConsentKind.EXPRESS_WRITTEN.covers(ConsentKind.EXPRESS)).isTrue();
        assertThat(ConsentKind.EXPRESS.covers(ConsentKind.EXPRESS_WRITTEN)).isFalse();
    }

    @Test
    void revocationScopeFollowsTheDatedPolicy() {
        RevocationScopePolicy policy = RevocationScopePolicy.fccDefault();
        ReplyIntent stop = ReplyClassifier.classify("STOP");
        assertThat(policy.scopeOf(stop, Instant.parse("2027-01-30T23:59:59Z"))).isEqualTo(RevocationScope.CAMPAIGN);
        assertThat(policy.scopeOf(stop, Instant.parse("2027-01-31T00:00:00Z"))).isEqualTo(RevocationScope.BRAND);
        assertThat(policy.scopeOf(ReplyClassifier.classify("STOP ALL"), Instant.parse("2026-01-01T00:00:00Z")))
                .isEqualTo(RevocationScope.BRAND);
        assertThat(new RevocationScopePolicy(LocalDate.of(2026, 1, 1)).scopeOf(stop, Instant.parse("2026-06-01T00:00:00Z")))
                .isEqualTo(RevocationScope.BRAND);
    }
}
