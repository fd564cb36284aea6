package io.attest.gateway.domain.compliance;

import io.attest.gateway.domain.brand.BrandStatus;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.CampaignStatus;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.consent.ConsentFixture;
import io.attest.gateway.domain.consent.ConsentKind;
import io.attest.gateway.domain.consent.ConsentState;
import io.attest.gateway.domain.consent.RevocationScope;
import io.attest.gateway.domain.number.NumberType;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The send policy as a table of cases: time zone, state, use case, consent, time of day, previous sends. */
class SendPolicyTest {

    private static final CampaignId PROMOS = ConsentFixture.PROMOS;
    private static final CampaignId OTP = ConsentFixture.OTP;
    private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    private static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");

    private static ConsentState consent(String kind) {
        return switch (kind) {
            case "none" -> ConsentState.fold(List.of());
            case "express" -> ConsentState.fold(List.of(ConsentFixture.optedIn(PROMOS, ConsentKind.EXPRESS),
                    ConsentFixture.optedIn(OTP, ConsentKind.EXPRESS)));
            case "written" -> ConsentState.fold(List.of(ConsentFixture.optedIn(PROMOS, ConsentKind.EXPRESS_WRITTEN),
                    ConsentFixture.optedIn(OTP, ConsentKind.EXPRESS_WRITTEN)));
            case "opted-out" -> ConsentState.fold(List.of(ConsentFixture.optedIn(PROMOS, ConsentKind.EXPRESS_WRITTEN),
                    ConsentFixture.optedIn(OTP, ConsentKind.EXPRESS_WRITTEN),
                    ConsentFixture.optedOut(null, RevocationScope.BRAND, false)));
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static List<ZoneId> zones(String names) {
        List<ZoneId> zones = new ArrayList<>();
        for (String name : names.split("\\+")) {
            zones.add(ZoneId.of(name));
        }
        return zones;
    }

    private static SendFacts facts(String recipient, String zoneNames, String useCase, String consentKind,
                                   String nowUtc, int sentLast24h) {
        UseCase use = UseCase.valueOf(useCase);
        CampaignId campaign = use.isMarketing() ? PROMOS : OTP;
        return new SendFacts(Instant.parse(nowUtc), MessagePurpose.CLIENT, PhoneNumber.of(recipient),
                new SendFacts.SenderNumberFacts(campaign, NumberType.LONG_CODE, false),
                new SendFacts.CampaignFacts(campaign, CampaignStatus.ACTIVE, use, BrandStatus.VERIFIED),
                consent(consentKind), zones(zoneNames), sentLast24h);
    }

    @ParameterizedTest(name = "{0} in {1}, {2}, consent {3}, at {4} UTC, {5} sent -> {6} {7}")
    @CsvSource(delimiter = '|', textBlock = """
            # recipient   | zones                               | use case                  | consent   | now (UTC)            | sent | decision | rule or until
            +12125550123  | America/New_York                    | MARKETING                 | written   | 2026-11-25T15:00:00Z | 0    | ALLOWED  |
            +12125550123  | America/New_York                    | MARKETING                 | express   | 2026-11-25T15:00:00Z | 0    | BLOCKED  | consent.written-required
            +12125550123  | America/New_York                    | MARKETING                 | none      | 2026-11-25T15:00:00Z | 0    | BLOCKED  | consent.missing
            +12125550123  | America/New_York                    | MARKETING                 | opted-out | 2026-11-25T15:00:00Z | 0    | BLOCKED  | consent.opted-out
            +12125550123  | America/New_York                    | TWO_FACTOR_AUTHENTICATION | express   | 2026-11-25T15:00:00Z | 0    | ALLOWED  |
            +12125550123  | America/New_York                    | TWO_FACTOR_AUTHENTICATION | none      | 2026-11-25T15:00:00Z | 0    | BLOCKED  | consent.missing
            +12125550123  | America/New_York                    | TWO_FACTOR_AUTHENTICATION | opted-out | 2026-11-25T15:00:00Z | 0    | BLOCKED  | consent.opted-out
            # 23:30 in New York: marketing held until 8:00 local, OTP exempt
            +12125550123  | America/New_York                    | MARKETING                 | written   | 2026-11-26T04:30:00Z | 0    | HELD     | 2026-11-26T13:00:00Z
            +12125550123  | America/New_York                    | FRAUD_ALERT               | written   | 2026-11-26T04:30:00Z | 0    | ALLOWED  |
            # 20:59 New York is still inside the federal window, 21:00 is not
            +12125550123  | America/New_York                    | MARKETING                 | written   | 2026-11-26T01:59:00Z | 0    | ALLOWED  |
            +12125550123  | America/New_York                    | MARKETING                 | written   | 2026-11-26T02:00:00Z | 0    | HELD     | 2026-11-26T13:00:00Z
            # 07:59 in New York
            +12125550123  | America/New_York                    | MARKETING                 | written   | 2026-11-25T12:59:00Z | 0    | HELD     | 2026-11-25T13:00:00Z
            # Miami (Florida): 20:30 local is outside the state's 8-20 window
            +13055550123  | America/New_York                    | MARKETING                 | written   | 2026-11-26T01:30:00Z | 0    | HELD     | 2026-11-26T13:00:00Z
            +13055550123  | America/New_York                    | MARKETING                 | written   | 2026-11-25T15:00:00Z | 2    | ALLOWED  |
            +13055550123  | America/New_York                    | MARKETING                 | written   | 2026-11-25T15:00:00Z | 3    | BLOCKED  | frequency.state-cap
            # Oklahoma City: 3 per 24 h, 8-20 Central
            +14055550123  | America/Chicago                     | MARKETING                 | written   | 2026-11-25T18:00:00Z | 3    | BLOCKED  | frequency.state-cap
            +14055550123  | America/Chicago                     | MARKETING                 | written   | 2026-11-26T02:30:00Z | 0    | HELD     | 2026-11-26T14:00:00Z
            +14055550123  | America/Chicago                     | ACCOUNT_NOTIFICATION      | express   | 2026-11-25T18:00:00Z | 9    | ALLOWED  |
            # New York is not capped
            +12125550123  | America/New_York                    | MARKETING                 | written   | 2026-11-25T15:00:00Z | 12   | ALLOWED  |
            # A number that may be in Eastern or Central time: 8:30 Eastern is 7:30 Central, wait for 8:00 Central
            +18505550123  | America/New_York+America/Chicago    | MARKETING                 | written   | 2026-11-25T13:30:00Z | 0    | HELD     | 2026-11-25T14:00:00Z
            # 20:30 Eastern is 19:30 Central: FL area code, Eastern already past 20:00
            +18505550123  | America/New_York+America/Chicago    | MARKETING                 | written   | 2026-11-26T01:30:00Z | 0    | HELD     | 2026-11-26T14:00:00Z
            # Eastern and Pacific: 8:00 Pacific is 11:00 Eastern, both open
            +15555550123  | America/New_York+America/Los_Angeles | MARKETING                | written   | 2026-11-25T14:00:00Z | 0    | HELD     | 2026-11-25T16:00:00Z
            +15555550123  | America/New_York+America/Los_Angeles | MARKETING                | written   | 2026-11-25T16:00:00Z | 0    | ALLOWED  |
            """)
    void decides(String recipient, String zones, String useCase, String consent, String now, int sent,
                 String expected, String ruleOrUntil) {
        ComplianceDecision decision = SendPolicy.decide(facts(recipient, zones, useCase, consent, now, sent));

        switch (expected) {
            case "ALLOWED" -> assertThat(decision).isInstanceOf(ComplianceDecision.Allowed.class);
            case "BLOCKED" -> assertThat(decision).isInstanceOfSatisfying(ComplianceDecision.Blocked.class,
                    blocked -> assertThat(blocked.rule().id()).isEqualTo(ruleOrUntil));
            case "HELD" -> assertThat(decision).isInstanceOfSatisfying(ComplianceDecision.Held.class,
                    held -> assertThat(held.until()).isEqualTo(Instant.parse(ruleOrUntil)));
            default -> throw new IllegalArgumentException(expected);
        }
        assertThat(decision.inputs()).contains("recipient=" + recipient);
    }

    private static SendFacts withNumberAndCampaign(SendFacts.SenderNumberFacts number, SendFacts.CampaignFacts campaign) {
        return new SendFacts(Instant.parse("2026-11-25T15:00:00Z"), MessagePurpose.CLIENT, PhoneNumber.of("+12125550123"),
                number, campaign, consent("written"), List.of(NEW_YORK), 0);
    }

    @Test
    void anUnassignedNumberOrAnotherCampaignsNumberIsBlocked() {
        var campaign = new SendFacts.CampaignFacts(PROMOS, CampaignStatus.ACTIVE, UseCase.MARKETING, BrandStatus.VERIFIED);
        assertThat(SendPolicy.decide(withNumberAndCampaign(null, campaign)))
                .isInstanceOfSatisfying(ComplianceDecision.Blocked.class,
                        b -> assertThat(b.rule()).isEqualTo(ComplianceRule.NUMBER_UNASSIGNED));
        assertThat(SendPolicy.decide(withNumberAndCampaign(
                new SendFacts.SenderNumberFacts(OTP, NumberType.LONG_CODE, false), campaign)))
                .isInstanceOfSatisfying(ComplianceDecision.Blocked.class,
                        b -> assertThat(b.rule()).isEqualTo(ComplianceRule.NUMBER_UNASSIGNED));
    }

    @Test
    void anUnverifiedTollFreeNumberIsBlocked() {
        var campaign = new SendFacts.CampaignFacts(PROMOS, CampaignStatus.ACTIVE, UseCase.MARKETING, BrandStatus.VERIFIED);
        assertThat(SendPolicy.decide(withNumberAndCampaign(
                new SendFacts.SenderNumberFacts(PROMOS, NumberType.TOLL_FREE, false), campaign)))
                .isInstanceOfSatisfying(ComplianceDecision.Blocked.class,
                        b -> assertThat(b.rule()).isEqualTo(ComplianceRule.TOLL_FREE_UNVERIFIED));
        assertThat(SendPolicy.decide(withNumberAndCampaign(
                new SendFacts.SenderNumberFacts(PROMOS, NumberType.TOLL_FREE, true), campaign)))
                .isInstanceOf(ComplianceDecision.Allowed.class);
    }

    @Test
    void aSuspendedCampaignOrAnUnverifiedBrandIsBlocked() {
        var number = new SendFacts.SenderNumberFacts(PROMOS, NumberType.LONG_CODE, false);
        for (var campaign : List.of(
                new SendFacts.CampaignFacts(PROMOS, CampaignStatus.SUSPENDED, UseCase.MARKETING, BrandStatus.VERIFIED),
                new SendFacts.CampaignFacts(PROMOS, CampaignStatus.PENDING, UseCase.MARKETING, BrandStatus.VERIFIED),
                new SendFacts.CampaignFacts(PROMOS, CampaignStatus.ACTIVE, UseCase.MARKETING, BrandStatus.SUSPENDED))) {
            assertThat(SendPolicy.decide(withNumberAndCampaign(number, campaign)))
                    .isInstanceOfSatisfying(ComplianceDecision.Blocked.class,
                            b -> assertThat(b.rule()).isEqualTo(ComplianceRule.CAMPAIGN_INACTIVE));
        }
    }

    @Test
    void anOptOutConfirmationIsNeverSuppressedByTheOptOutItConfirms() {
        SendFacts confirmation = new SendFacts(Instant.parse("2026-11-26T04:30:00Z"), MessagePurpose.OPT_OUT_CONFIRMATION,
                PhoneNumber.of("+13055550123"), null, null, consent("opted-out"), List.of(NEW_YORK), 5);
        assertThat(SendPolicy.decide(confirmation)).isInstanceOf(ComplianceDecision.Allowed.class);
    }

    @Test
    void theRecipientVelocityLimitBlocksTheMessageThatWouldPassItWhateverTheUseCase() {
        var window = java.time.Duration.ofHours(1);
        for (String useCase : List.of("TWO_FACTOR_AUTHENTICATION", "MARKETING")) {
            SendFacts under = withVelocity(facts("+12125550123", "America/New_York", useCase, "written",
                    "2026-11-25T15:00:00Z", 0), new SendFacts.RecipientVelocity(3, window, 2));
            SendFacts at = withVelocity(under, new SendFacts.RecipientVelocity(3, window, 3));

            assertThat(SendPolicy.decide(under)).isInstanceOfSatisfying(ComplianceDecision.Allowed.class,
                    a -> assertThat(a.checks()).contains("velocity.recipient"));
            assertThat(SendPolicy.decide(at)).isInstanceOfSatisfying(ComplianceDecision.Blocked.class, b -> {
                assertThat(b.rule()).isEqualTo(ComplianceRule.RECIPIENT_VELOCITY);
                assertThat(b.reason()).contains("3 messages to +12125550123 within PT1H; 3 were sent");
                assertThat(b.inputs()).contains("recipientPT1H=3/3");
            });
        }
        // a revoked consent is the reason that counts, not the velocity
        SendFacts optedOut = withVelocity(facts("+12125550123", "America/New_York", "MARKETING", "opted-out",
                "2026-11-25T15:00:00Z", 0), new SendFacts.RecipientVelocity(3, window, 9));
        assertThat(SendPolicy.decide(optedOut)).isInstanceOfSatisfying(ComplianceDecision.Blocked.class,
                b -> assertThat(b.rule()).isEqualTo(ComplianceRule.SUBSCRIBER_OPTED_OUT));
        // an obligatory reply never waits for the velocity
        SendFacts confirmation = new SendFacts(Instant.parse("2026-11-26T15:30:00Z"), MessagePurpose.HELP_REPLY,
                PhoneNumber.of("+13055550123"), null, null, consent("written"), List.of(NEW_YORK), 0,
                new SendFacts.RecipientVelocity(3, window, 50));
        assertThat(SendPolicy.decide(confirmation)).isInstanceOf(ComplianceDecision.Allowed.class);
    }

    private static SendFacts withVelocity(SendFacts f, SendFacts.RecipientVelocity velocity) {
        return new SendFacts(f.now(), f.purpose(), f.recipient(), f.number(), f.campaign(), f.consent(),
                f.recipientZones(), f.marketingSentLast24Hours(), velocity);
    }

    @Test
    void aNumberWhosePossibleZonesShareNoPermittedHourIsBlocked() {
        // New York 13:00-02:00 UTC, Shanghai 00:00-13:00 UTC, Kolkata 02:30-15:30 UTC: no common hour
        SendFacts facts = new SendFacts(Instant.parse("2026-11-25T15:00:00Z"), MessagePurpose.CLIENT,
                PhoneNumber.of("+12125550123"), new SendFacts.SenderNumberFacts(PROMOS, NumberType.LONG_CODE, false),
                new SendFacts.CampaignFacts(PROMOS, CampaignStatus.ACTIVE, UseCase.MARKETING, BrandStatus.VERIFIED),
                consent("written"), List.of(NEW_YORK, ZoneId.of("Asia/Shanghai"), ZoneId.of("Asia/Kolkata")), 0);

        assertThat(SendPolicy.decide(facts)).isInstanceOfSatisfying(ComplianceDecision.Blocked.class,
                b -> assertThat(b.rule()).isEqualTo(ComplianceRule.NO_SENDING_WINDOW));
    }

    @Test
    void quietHoursWindowBoundaries() {
        LocalTime eight = LocalTime.of(8, 0);
        LocalTime nine = LocalTime.of(21, 0);
        assertThat(QuietHours.permitted(Instant.parse("2026-11-25T13:00:00Z"), List.of(NEW_YORK), eight, nine)).isTrue();
        assertThat(QuietHours.permitted(Instant.parse("2026-11-25T12:59:59Z"), List.of(NEW_YORK), eight, nine)).isFalse();
        assertThat(QuietHours.permitted(Instant.parse("2026-11-26T01:59:59Z"), List.of(NEW_YORK), eight, nine)).isTrue();
        assertThat(QuietHours.permitted(Instant.parse("2026-11-26T02:00:00Z"), List.of(NEW_YORK), eight, nine)).isFalse();
        assertThat(QuietHours.permitted(Instant.parse("2026-11-25T15:00:00Z"), List.of(NEW_YORK, CHICAGO, LOS_ANGELES),
                eight, nine)).isFalse();
    }

    @Test
    void windowsAroundADaylightSavingChangeStayAtLocalEight() {
        // 2026-03-08: New York moves to EDT; 8:00 local is 12:00 UTC that day
        assertThat(QuietHours.nextPermitted(Instant.parse("2026-03-08T06:00:00Z"), List.of(NEW_YORK),
                LocalTime.of(8, 0), LocalTime.of(21, 0))).contains(Instant.parse("2026-03-08T12:00:00Z"));
    }

    @Test
    void stateRulesFollowTheAreaCode() {
        assertThat(StateRule.forRecipient(PhoneNumber.of("+13055550123"))).isEqualTo(StateRule.FLORIDA);
        assertThat(StateRule.forRecipient(PhoneNumber.of("+19185550123"))).isEqualTo(StateRule.OKLAHOMA);
        assertThat(StateRule.forRecipient(PhoneNumber.of("+12125550123"))).isEqualTo(StateRule.FEDERAL);
        assertThat(StateRule.forRecipient(PhoneNumber.of("+447911123456"))).isEqualTo(StateRule.FEDERAL);
    }
}
