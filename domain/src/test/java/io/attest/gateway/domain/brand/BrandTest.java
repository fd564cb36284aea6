package io.attest.gateway.domain.brand;

import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.IllegalTransitionException;
import io.attest.gateway.domain.shared.InvalidInputException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BrandTest {

    private static final BrandId ID = BrandId.of("acme-brand");
    private static final AccountId ACME = AccountId.of("acme");
    private static final BrandRegistered REGISTERED = new BrandRegistered(ID, ACME, "Acme Corp", "12-3456789",
            EntityType.PRIVATE_PROFIT, "RETAIL", "https://acme.example", "compliance@acme.example");

    private FixtureConfiguration<Brand> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Brand.class);
    }

    @Test
    void registersPending() {
        fixture.givenNoPriorActivity()
                .when(new RegisterBrandCommand(ID, ACME, "Acme Corp", "12-3456789", EntityType.PRIVATE_PROFIT,
                        "RETAIL", "https://acme.example", "compliance@acme.example"))
                .expectEvents(REGISTERED);
    }

    @Test
    void aCompanyNeedsItsEin() {
        fixture.givenNoPriorActivity()
                .when(new RegisterBrandCommand(ID, ACME, "Acme Corp", "n/a", EntityType.PRIVATE_PROFIT,
                        "RETAIL", null, "compliance@acme.example"))
                .expectException(InvalidInputException.class);
    }

    @Test
    void aSoleProprietorNeedsNoEin() {
        fixture.givenNoPriorActivity()
                .when(new RegisterBrandCommand(ID, ACME, "Jane Doe", null, EntityType.SOLE_PROPRIETOR,
                        "PROFESSIONAL", null, "jane@example.com"))
                .expectSuccessfulHandlerExecution();
    }

    @Test
    void vettingWithAScoreVerifiesTheBrand() {
        fixture.given(REGISTERED)
                .when(new RecordBrandVettingCommand(ID, true, 82, null))
                .expectEvents(new BrandVerified(ID, 82));
    }

    @Test
    void failedIdentityFailsTheBrand() {
        fixture.given(REGISTERED)
                .when(new RecordBrandVettingCommand(ID, false, 0, "EIN does not match legal name"))
                .expectEvents(new BrandVettingFailed(ID, "EIN does not match legal name"));
    }

    @Test
    void aVerifiedBrandIsNotVettedAgainButCanBeSuspended() {
        fixture.given(REGISTERED, new BrandVerified(ID, 82))
                .when(new RecordBrandVettingCommand(ID, true, 90, null))
                .expectException(IllegalTransitionException.class);
        fixture.given(REGISTERED, new BrandVerified(ID, 82))
                .when(new SuspendBrandCommand(ID, "carrier complaint"))
                .expectEvents(new BrandSuspended(ID, "carrier complaint"));
    }

    @Test
    void aPendingBrandCannotBeSuspended() {
        fixture.given(REGISTERED)
                .when(new SuspendBrandCommand(ID, "x"))
                .expectException(IllegalTransitionException.class);
    }
}
