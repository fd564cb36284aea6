package io.attest.gateway.domain.number;

import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.IllegalTransitionException;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SenderNumberTest {

    private static final PhoneNumber NUMBER = PhoneNumber.of("+15551234567");
    private static final AccountId ACME = AccountId.of("acme");
    private static final AccountId GLOBEX = AccountId.of("globex");
    private static final CampaignId PROMOS = CampaignId.of("acme-promos");
    private static final CampaignId OTP = CampaignId.of("acme-otp");

    private FixtureConfiguration<SenderNumber> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(SenderNumber.class);
    }

    @Test
    void aNewNumberIsAssignedToItsFirstCampaign() {
        fixture.givenNoPriorActivity()
                .when(new AssignNumberCommand(NUMBER, ACME, PROMOS, NumberType.LONG_CODE))
                .expectEvents(new NumberAssigned(NUMBER, ACME, PROMOS, NumberType.LONG_CODE));
    }

    @Test
    void assigningToTheSameCampaignAgainChangesNothing() {
        fixture.given(new NumberAssigned(NUMBER, ACME, PROMOS, NumberType.LONG_CODE))
                .when(new AssignNumberCommand(NUMBER, ACME, PROMOS, NumberType.LONG_CODE))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aNumberServesExactlyOneCampaignAtATime() {
        fixture.given(new NumberAssigned(NUMBER, ACME, PROMOS, NumberType.LONG_CODE))
                .when(new AssignNumberCommand(NUMBER, ACME, OTP, NumberType.LONG_CODE))
                .expectException(SenderNumber.NumberUnavailableException.class)
                .expectNoEvents();
    }

    @Test
    void afterReleaseItCanServeAnotherCampaign() {
        fixture.given(new NumberAssigned(NUMBER, ACME, PROMOS, NumberType.LONG_CODE), new NumberReleased(NUMBER, PROMOS))
                .when(new AssignNumberCommand(NUMBER, ACME, OTP, NumberType.LONG_CODE))
                .expectEvents(new NumberAssigned(NUMBER, ACME, OTP, NumberType.LONG_CODE));
    }

    @Test
    void anotherAccountCannotTakeOrReleaseTheNumber() {
        fixture.given(new NumberAssigned(NUMBER, ACME, PROMOS, NumberType.LONG_CODE), new NumberReleased(NUMBER, PROMOS))
                .when(new AssignNumberCommand(NUMBER, GLOBEX, CampaignId.of("globex-otp"), NumberType.LONG_CODE))
                .expectException(SenderNumber.NumberUnavailableException.class);
        fixture.given(new NumberAssigned(NUMBER, ACME, PROMOS, NumberType.LONG_CODE))
                .when(new ReleaseNumberCommand(NUMBER, GLOBEX))
                .expectException(SenderNumber.NumberUnavailableException.class);
    }

    @Test
    void onlyATollFreeNumberIsVerified() {
        PhoneNumber tollFree = PhoneNumber.of("+18885550100");
        fixture.given(new NumberAssigned(tollFree, ACME, OTP, NumberType.TOLL_FREE))
                .when(new VerifyTollFreeNumberCommand(tollFree))
                .expectEvents(new TollFreeNumberVerified(tollFree));
    }

    @Test
    void aTollFreeNumberCannotPassAsALongCode() {
        fixture.givenNoPriorActivity()
                .when(new AssignNumberCommand(PhoneNumber.of("+18885550100"), ACME, OTP, NumberType.LONG_CODE))
                .expectException(io.attest.gateway.domain.shared.InvalidInputException.class)
                .expectNoEvents();
    }

    @Test
    void aLongCodeIsNotATollFreeNumberToVerify() {
        fixture.given(new NumberAssigned(NUMBER, ACME, OTP, NumberType.LONG_CODE))
                .when(new VerifyTollFreeNumberCommand(NUMBER))
                .expectException(IllegalTransitionException.class);
    }
}
