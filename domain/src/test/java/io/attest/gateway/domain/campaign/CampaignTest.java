package io.attest.gateway.domain.campaign;

import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.IllegalTransitionException;
import io.attest.gateway.domain.shared.InvalidInputException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.attest.gateway.domain.campaign.CampaignFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CampaignTest {

    private FixtureConfiguration<Campaign> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Campaign.class);
    }

    private static CampaignRegistered registered(UseCase useCase, int score) {
        return new CampaignRegistered(MARKETING_ID, ACCOUNT, BRAND, useCase, terms(), CarrierCaps.of(useCase, score));
    }

    @Test
    void registersPendingWithCarrierCapsFromTheBrandsTrustScore() {
        fixture.givenNoPriorActivity()
                .when(new RegisterCampaignCommand(MARKETING_ID, ACCOUNT, BRAND, 80, UseCase.MARKETING, terms()))
                .expectEvents(new CampaignRegistered(MARKETING_ID, ACCOUNT, BRAND, UseCase.MARKETING, terms(),
                        new CarrierCaps(4_500)));
    }

    @Test
    void carrierCapsFollowAttsTiers() {
        assertThat(CarrierCaps.of(UseCase.MARKETING, 100).attMessagesPerMinute()).isEqualTo(4_500);
        assertThat(CarrierCaps.of(UseCase.MARKETING, 75).attMessagesPerMinute()).isEqualTo(4_500);
        assertThat(CarrierCaps.of(UseCase.MARKETING, 74).attMessagesPerMinute()).isEqualTo(2_400);
        assertThat(CarrierCaps.of(UseCase.MARKETING, 50).attMessagesPerMinute()).isEqualTo(2_400);
        assertThat(CarrierCaps.of(UseCase.MARKETING, 49).attMessagesPerMinute()).isEqualTo(240);
        assertThat(CarrierCaps.of(UseCase.MARKETING, 1).attMessagesPerMinute()).isEqualTo(240);
        assertThat(CarrierCaps.of(UseCase.LOW_VOLUME, 90).attMessagesPerMinute()).isEqualTo(75);
    }

    @Test
    void refusesFewerThanTwoSampleMessages() {
        assertThatThrownBy(() -> termsWithSamples(List.of("Acme: offer. Reply STOP to opt out.")))
                .isInstanceOfSatisfying(InvalidInputException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_CAMPAIGN));
    }

    @Test
    void refusesASampleWithoutOptOutLanguage() {
        assertThatThrownBy(() -> termsWithSamples(List.of("Acme: offer. Reply STOP to opt out.", "Acme: big sale today!")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("sample message 2");
    }

    @Test
    void refusesAHelpReplyWithoutRatesDisclosure() {
        CampaignTerms valid = terms();
        assertThatThrownBy(() -> new CampaignTerms(valid.description(), valid.sampleMessages(), valid.optInFlow(),
                valid.optInText(), "Acme help: support@acme.example. Reply STOP to cancel.", valid.stopConfirmation(),
                valid.messageFrequency()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("rates may apply");
    }

    @Test
    void approvalActivatesAPendingCampaign() {
        fixture.given(registered(UseCase.MARKETING, 80))
                .when(new DecideCampaignCommand(MARKETING_ID, DecideCampaignCommand.Decision.APPROVE, null))
                .expectEvents(new CampaignActivated(MARKETING_ID));
    }

    @Test
    void rejectionEndsAPendingCampaign() {
        fixture.given(registered(UseCase.MARKETING, 80))
                .when(new DecideCampaignCommand(MARKETING_ID, DecideCampaignCommand.Decision.REJECT, "samples unclear"))
                .expectEvents(new CampaignRejected(MARKETING_ID, "samples unclear"));
    }

    @Test
    void anActiveCampaignCanBeSuspendedAndApprovedAgain() {
        fixture.given(registered(UseCase.MARKETING, 80), new CampaignActivated(MARKETING_ID),
                        new CampaignSuspended(MARKETING_ID, "complaints"))
                .when(new DecideCampaignCommand(MARKETING_ID, DecideCampaignCommand.Decision.APPROVE, null))
                .expectEvents(new CampaignActivated(MARKETING_ID));
    }

    @Test
    void aRejectedCampaignCannotBeApproved() {
        fixture.given(registered(UseCase.MARKETING, 80), new CampaignRejected(MARKETING_ID, "no"))
                .when(new DecideCampaignCommand(MARKETING_ID, DecideCampaignCommand.Decision.APPROVE, null))
                .expectException(IllegalTransitionException.class)
                .expectNoEvents();
    }

    @Test
    void aPendingCampaignCannotBeSuspendedOrExpired() {
        fixture.given(registered(UseCase.MARKETING, 80))
                .when(new DecideCampaignCommand(MARKETING_ID, DecideCampaignCommand.Decision.SUSPEND, "x"))
                .expectException(IllegalTransitionException.class);
        fixture.given(registered(UseCase.MARKETING, 80))
                .when(new DecideCampaignCommand(MARKETING_ID, DecideCampaignCommand.Decision.EXPIRE, null))
                .expectException(IllegalTransitionException.class);
    }

    @Test
    void anExpiredCampaignStaysExpired() {
        fixture.given(registered(UseCase.MARKETING, 80), new CampaignActivated(MARKETING_ID),
                        new CampaignExpired(MARKETING_ID))
                .when(new DecideCampaignCommand(MARKETING_ID, DecideCampaignCommand.Decision.APPROVE, null))
                .expectException(IllegalTransitionException.class)
                .expectNoEvents();
    }
}
