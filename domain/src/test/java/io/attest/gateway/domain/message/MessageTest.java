package io.attest.gateway.domain.message;

import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.compliance.ComplianceDecision;
import io.attest.gateway.domain.compliance.ComplianceRule;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.attest.gateway.domain.message.MessageFixture.*;

class MessageTest {

    private FixtureConfiguration<Message> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Message.class);
    }

    @Nested
    class WhenAccepting {

        @Test
        void recordsTheTextWithItsEncodingAndSegments() {
            fixture.givenNoPriorActivity()
                    .when(acceptOtp())
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(otpAccepted(), cleared());
        }

        @Test
        void recordsUcs2AndSegmentCountForTextOutsideGsm7() {
            String text = "Привет ".repeat(12); // 84 UTF-16 units: two UCS-2 segments
            fixture.givenNoPriorActivity()
                    .when(accept(text, ALLOWED))
                    .expectEvents(accepted(text, TextEncoding.UCS_2, 2), cleared());
        }

        @Test
        void aBlockedMessageIsRecordedWithTheRuleAndNeverDispatched() {
            fixture.givenNoPriorActivity()
                    .when(accept(OTP, new ComplianceDecision.Blocked(ComplianceRule.SUBSCRIBER_OPTED_OUT, "revoked", "in")))
                    .expectEvents(otpAccepted(), new MessageBlocked(ID, "consent.opted-out", "revoked", "in"));
            fixture.given(otpAccepted(), new MessageBlocked(ID, "consent.opted-out", "revoked", "in"))
                    .when(new BeginSubmissionCommand(ID, DECIDED_AT))
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
        }

        @Test
        void aHeldMessageWaitsForItsWindowAndIsNotDispatched() {
            Instant eight = Instant.parse("2026-11-26T13:00:00Z");
            fixture.givenNoPriorActivity()
                    .when(accept(OTP, new ComplianceDecision.Held(ComplianceRule.QUIET_HOURS_STATE, eight, "20:30", "in")))
                    .expectEvents(otpAccepted(), new MessageHeld(ID, "quiet-hours.state", eight, "20:30", "in"));
            fixture.given(otpAccepted(), new MessageHeld(ID, "quiet-hours.state", eight, "20:30", "in"))
                    .when(new BeginSubmissionCommand(ID, DECIDED_AT))
                    .expectResultMessagePayload(false);
        }
    }

    @Nested
    class WhenScheduled {

        private final Instant due = Instant.parse("2026-11-26T15:00:00Z"); // before VALID_UNTIL
        private final MessageScheduled scheduled = new MessageScheduled(ID, due, ALLOWED.checks(), "inputs");

        private AcceptMessageCommand schedule(ComplianceDecision decision) {
            return new AcceptMessageCommand(ID, ACCOUNT, FROM, TO, MessageContent.of(OTP), CAMPAIGN,
                    UseCase.TWO_FACTOR_AUTHENTICATION, io.attest.gateway.domain.compliance.MessagePurpose.CLIENT, decision,
                    DECIDED_AT, VALID_UNTIL, null, due);
        }

        @Test
        void anAllowedOrHeldMessageWaitsForItsTimeAndIsNotDispatched() {
            fixture.givenNoPriorActivity()
                    .when(schedule(ALLOWED))
                    .expectEvents(otpAccepted(), scheduled);
            fixture.givenNoPriorActivity()
                    .when(schedule(new ComplianceDecision.Held(ComplianceRule.QUIET_HOURS_STATE, DECIDED_AT, "20:30", "in")))
                    .expectEvents(otpAccepted(), new MessageScheduled(ID, due, List.of(),
                            "held now by quiet-hours.state until " + DECIDED_AT + ": decided again at " + due + " | in"));
            fixture.given(otpAccepted(), scheduled)
                    .when(new BeginSubmissionCommand(ID, DECIDED_AT))
                    .expectResultMessagePayload(false);
        }

        @Test
        void aBlockedMessageIsRefusedAtOnceNotScheduled() {
            fixture.givenNoPriorActivity()
                    .when(schedule(new ComplianceDecision.Blocked(ComplianceRule.CONSENT_MISSING, "no consent", "in")))
                    .expectEvents(otpAccepted(), new MessageBlocked(ID, "consent.missing", "no consent", "in"));
        }

        @Test
        void itsTimeComingDecidesItAgain() {
            fixture.given(otpAccepted(), scheduled)
                    .when(new ReevaluateHeldMessageCommand(ID, ALLOWED, due))
                    .expectEvents(new MessageReleased(ID, FROM, TO, OTP, TextEncoding.GSM_7, ALLOWED.checks(), "inputs",
                            UseCase.TWO_FACTOR_AUTHENTICATION));
            fixture.given(otpAccepted(), scheduled)
                    .when(new ReevaluateHeldMessageCommand(ID,
                            new ComplianceDecision.Blocked(ComplianceRule.SUBSCRIBER_OPTED_OUT, "revoked", "in2"), due))
                    .expectEvents(new MessageBlocked(ID, "consent.opted-out", "revoked", "in2"));
        }

        @Test
        void itIsCancelledUntilReleasedAndNeverAfter() {
            fixture.given(otpAccepted(), scheduled)
                    .when(new CancelMessageCommand(ID, "by the client"))
                    .expectEvents(new MessageCancelled(ID, "by the client"));
            fixture.given(otpAccepted(), scheduled, new MessageCancelled(ID, "by the client"))
                    .when(new ReevaluateHeldMessageCommand(ID, ALLOWED, due))
                    .expectNoEvents();
            fixture.given(otpAccepted(), new MessageHeld(ID, "quiet-hours.state", due, "20:30", "in"))
                    .when(new CancelMessageCommand(ID, "by the client"))
                    .expectEvents(new MessageCancelled(ID, "by the client"));
            fixture.given(otpAccepted(), cleared())
                    .when(new CancelMessageCommand(ID, "by the client"))
                    .expectException(IllegalMessageTransitionException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class WhenAHoldRunsOut {

        private final Instant eight = Instant.parse("2026-11-26T13:00:00Z");
        private final MessageHeld held = new MessageHeld(ID, "quiet-hours.state", eight, "20:30", "in");

        @Test
        void releasesTheMessageWhenThePolicyAllowsItNow() {
            fixture.given(otpAccepted(), held)
                    .when(new ReevaluateHeldMessageCommand(ID, ALLOWED, eight))
                    .expectEvents(new MessageReleased(ID, FROM, TO, OTP, TextEncoding.GSM_7, ALLOWED.checks(), "inputs",
                            UseCase.TWO_FACTOR_AUTHENTICATION));
            fixture.given(otpAccepted(), held, new MessageReleased(ID, FROM, TO, OTP, TextEncoding.GSM_7, List.of(), "x"))
                    .when(new BeginSubmissionCommand(ID, DECIDED_AT))
                    .expectResultMessagePayload(true);
        }

        @Test
        void blocksItWhenTheSubscriberOptedOutWhileItWaited() {
            fixture.given(otpAccepted(), held)
                    .when(new ReevaluateHeldMessageCommand(ID,
                            new ComplianceDecision.Blocked(ComplianceRule.SUBSCRIBER_OPTED_OUT, "revoked", "in2"), eight))
                    .expectEvents(new MessageBlocked(ID, "consent.opted-out", "revoked", "in2"));
        }

        @Test
        void expiresItWhenItsValidityEndedFirst() {
            fixture.given(otpAccepted(), held)
                    .when(new ReevaluateHeldMessageCommand(ID, ALLOWED, VALID_UNTIL))
                    .expectEvents(new MessageExpired(ID, "validity ended at " + VALID_UNTIL + " while held", null));
        }

        @Test
        void aLateOrRepeatedReleaseChangesNothing() {
            fixture.given(otpAccepted(), held, new MessageReleased(ID, FROM, TO, OTP, TextEncoding.GSM_7, List.of(), "x"))
                    .when(new ReevaluateHeldMessageCommand(ID, ALLOWED, eight))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }
    }

    @Nested
    class WhenDispatching {

        @Test
        void theFirstAttemptIsRecordedBeforeTheNetworkIo() {
            fixture.given(otpAccepted())
                    .when(new BeginSubmissionCommand(ID, DECIDED_AT))
                    .expectResultMessagePayload(true)
                    .expectEvents(new MessageSubmissionAttempted(ID, 1));
        }

        @Test
        void anAttemptWhoseOutcomeIsUnknownCountsUp() {
            fixture.given(otpAccepted(), new MessageSubmissionAttempted(ID, 1))
                    .when(new BeginSubmissionCommand(ID, DECIDED_AT))
                    .expectResultMessagePayload(true)
                    .expectEvents(new MessageSubmissionAttempted(ID, 2));
        }

        @Test
        void anAttemptTheCarrierDidNotTakeLeavesNoRiskOfADuplicate() {
            fixture.given(otpAccepted(), new MessageSubmissionAttempted(ID, 1),
                            new MessageSubmissionNotTaken(ID, 1, "no bind"))
                    .when(new BeginSubmissionCommand(ID, DECIDED_AT, UnknownOutcomePolicy.FAIL))
                    .expectResultMessagePayload(true)
                    .expectEvents(new MessageSubmissionAttempted(ID, 2, false));
        }

        @Test
        void anUnknownOutcomeFailsTheMessageWhenThePolicySaysFail() {
            fixture.given(otpAccepted(), new MessageSubmissionAttempted(ID, 1))
                    .when(new BeginSubmissionCommand(ID, DECIDED_AT, UnknownOutcomePolicy.FAIL))
                    .expectResultMessagePayload(false)
                    .expectEvents(new MessageSubmissionFailed(ID, "submit-outcome-unknown", "the carrier's answer to "
                            + "submit attempt 1 was lost; by policy (fail) it is not sent again, so it may or may not "
                            + "have reached the handset"));
        }

        @Test
        void notTakenIsRecordedOnlyForAnOpenAttempt() {
            fixture.given(otpAccepted(), new MessageSubmissionAttempted(ID, 1))
                    .when(new RecordSubmissionNotTakenCommand(ID, "throttled for 3 s"))
                    .expectEvents(new MessageSubmissionNotTaken(ID, 1, "throttled for 3 s"));
            fixture.given(otpAccepted(), new MessageSubmissionAttempted(ID, 1), submitted())
                    .when(new RecordSubmissionNotTakenCommand(ID, "late"))
                    .expectNoEvents();
        }

        @Test
        void aMessageWhoseValidityEndedExpiresInsteadOfGoingLate() {
            fixture.given(otpAccepted(), cleared())
                    .when(new BeginSubmissionCommand(ID, VALID_UNTIL))
                    .expectResultMessagePayload(false)
                    .expectEvents(new MessageExpired(ID, "validity ended at " + VALID_UNTIL
                            + " before it could be submitted", null));
        }

        @Test
        void aMessageAlreadySubmittedIsNotSentAgain() {
            fixture.given(otpAccepted(), new MessageSubmissionAttempted(ID, 1), submitted())
                    .when(new BeginSubmissionCommand(ID, DECIDED_AT))
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
        }

        @Test
        void aFinishedMessageIsNotSentAgain() {
            fixture.given(otpAccepted(), new MessageSubmissionFailed(ID, "smpp-0x0000000b", "refused"))
                    .when(new BeginSubmissionCommand(ID, DECIDED_AT))
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
        }
    }

    @Nested
    class WhenTheCarrierAnswersTheSubmit {

        final io.attest.gateway.domain.cost.RateCard card = io.attest.gateway.domain.cost.RateCardTest.card();

        @Test
        void theEstimateIsRecordedWithTheAcceptanceAndTheChargeWithTheSubmission() {
            var estimate = card.outbound("smsc-a", "AT&T", io.attest.gateway.domain.cost.TrafficClass.REGISTERED_10DLC, 1);
            var accept = acceptOtp();
            fixture.givenNoPriorActivity()
                    .when(new AcceptMessageCommand(accept.messageId(), accept.accountId(), accept.from(), accept.to(),
                            accept.content(), accept.campaignId(), accept.useCase(), accept.purpose(), accept.decision(),
                            accept.decidedAt(), accept.validUntil(), null, null, estimate))
                    .expectEvents(new MessageAccepted(ID, ACCOUNT, FROM, TO, OTP, TextEncoding.GSM_7, 1, CAMPAIGN,
                            io.attest.gateway.domain.campaign.UseCase.TWO_FACTOR_AUTHENTICATION,
                            io.attest.gateway.domain.compliance.MessagePurpose.CLIENT, DECIDED_AT, VALID_UNTIL, null,
                            estimate), cleared());
        }

        @Test
        void theChargeIsTheRouteThatTookItEverySegmentAndTheCardInForceNow() {
            var estimate = card.outbound("smsc-a", "AT&T", io.attest.gateway.domain.cost.TrafficClass.REGISTERED_10DLC, 2);
            var twoSegments = new MessageAccepted(ID, ACCOUNT, FROM, TO, OTP, TextEncoding.GSM_7, 2, CAMPAIGN,
                    io.attest.gateway.domain.campaign.UseCase.TWO_FACTOR_AUTHENTICATION,
                    io.attest.gateway.domain.compliance.MessagePurpose.CLIENT, DECIDED_AT, VALID_UNTIL, null, estimate);
            var charge = card.outbound("smsc-b", "AT&T", io.attest.gateway.domain.cost.TrafficClass.REGISTERED_10DLC, 2);
            var parts = java.util.List.of(CarrierMessageId.of("p1"), CarrierMessageId.of("p2"));
            fixture.given(twoSegments, cleared())
                    .when(new RecordSubmissionCommand(ID, CarrierMessageId.of("p1"), null, parts, "smsc-b", card))
                    .expectEvents(new MessageSubmitted(ID, CarrierMessageId.of("p1"), null, parts, charge));
            org.assertj.core.api.Assertions.assertThat(charge.total())
                    .isEqualTo(io.attest.gateway.domain.cost.Money.of("0.0132", "USD")); // 2 × (0.0031 + 0.0035)
        }

        @Test
        void aResubmissionAfterALostAnswerIsChargedOnceForTheSubmitTheCarrierAcknowledged() {
            var estimate = card.outbound("smsc-a", "AT&T", io.attest.gateway.domain.cost.TrafficClass.REGISTERED_10DLC, 1);
            var priced = new MessageAccepted(ID, ACCOUNT, FROM, TO, OTP, TextEncoding.GSM_7, 1, CAMPAIGN,
                    io.attest.gateway.domain.campaign.UseCase.TWO_FACTOR_AUTHENTICATION,
                    io.attest.gateway.domain.compliance.MessagePurpose.CLIENT, DECIDED_AT, VALID_UNTIL, null, estimate);
            fixture.given(priced, cleared(), new MessageSubmissionAttempted(ID, 1, false),
                            new MessageSubmissionAttempted(ID, 2, true))
                    .when(new RecordSubmissionCommand(ID, CARRIER_ID, null, null, "smsc-a", card))
                    .expectEvents(new MessageSubmitted(ID, CARRIER_ID, null, null, estimate));
        }

        @Test
        void aMessageAcceptedBeforeMessagesWerePricedIsNotCharged() {
            fixture.given(otpAccepted(), cleared())
                    .when(new RecordSubmissionCommand(ID, CARRIER_ID, null, null, "smsc-a", card))
                    .expectEvents(new MessageSubmitted(ID, CARRIER_ID, null, null, null));
        }

        @Test
        void anAcceptedMessageBecomesSubmittedUnderTheCarriersId() {
            fixture.given(otpAccepted())
                    .when(new RecordSubmissionCommand(ID, CARRIER_ID))
                    .expectEvents(submitted());
        }

        @Test
        void theSameAcknowledgementTwiceIsIgnored() {
            fixture.given(otpAccepted(), submitted())
                    .when(new RecordSubmissionCommand(ID, CARRIER_ID))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void aSecondCarrierIdForTheSameMessageIsRefused() {
            fixture.given(otpAccepted(), submitted())
                    .when(new RecordSubmissionCommand(ID, CarrierMessageId.of("other")))
                    .expectException(IllegalMessageTransitionException.class)
                    .expectNoEvents();
        }

        @Test
        void aPermanentRefusalFailsTheMessage() {
            fixture.given(otpAccepted())
                    .when(new RecordSubmissionFailureCommand(ID, "smpp-0x0000000b", "invalid destination"))
                    .expectEvents(new MessageSubmissionFailed(ID, "smpp-0x0000000b", "invalid destination"));
        }

        @Test
        void aRefusalAfterTheMessageWasSubmittedIsIllegal() {
            fixture.given(otpAccepted(), submitted())
                    .when(new RecordSubmissionFailureCommand(ID, "smpp-0x0000000b", "late"))
                    .expectException(IllegalMessageTransitionException.class)
                    .expectNoEvents();
        }

        @Test
        void aSubmittedAcknowledgementForAFinishedMessageIsIllegal() {
            fixture.given(otpAccepted(), new MessageSubmissionFailed(ID, "smpp-0x0000000b", "refused"))
                    .when(new RecordSubmissionCommand(ID, CARRIER_ID))
                    .expectException(IllegalMessageTransitionException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class WhenAReceiptArrives {

        @Test
        void aDeliveredReceiptDeliversTheMessage() {
            fixture.given(otpAccepted(), submitted())
                    .when(new RecordDeliveryReceiptCommand(ID, delivered()))
                    .expectEvents(new MessageDelivered(ID, delivered()));
        }

        @Test
        void anUndeliverableReceiptFailsTheMessage() {
            fixture.given(otpAccepted(), submitted())
                    .when(new RecordDeliveryReceiptCommand(ID, undeliverable()))
                    .expectEvents(new MessageDeliveryFailed(ID, undeliverable()));
        }

        @Test
        void aRejectedReceiptFailsTheMessage() {
            DeliveryReceipt rejected = receipt(ReceiptOutcome.REJECTED, "REJECTD", "002");
            fixture.given(otpAccepted(), submitted())
                    .when(new RecordDeliveryReceiptCommand(ID, rejected))
                    .expectEvents(new MessageDeliveryFailed(ID, rejected));
        }

        @Test
        void anExpiredReceiptExpiresTheMessage() {
            fixture.given(otpAccepted(), submitted())
                    .when(new RecordDeliveryReceiptCommand(ID, expired()))
                    .expectEvents(new MessageExpired(ID, "carrier receipt EXPIRED", expired()));
        }

        @Test
        void aReceiptBeforeTheSubmissionIsRecordedIsIllegal() {
            fixture.given(otpAccepted())
                    .when(new RecordDeliveryReceiptCommand(ID, delivered()))
                    .expectException(IllegalMessageTransitionException.class)
                    .expectNoEvents();
        }

        @Test
        void aReceiptNamingAnotherCarrierIdIsIllegal() {
            DeliveryReceipt foreign = new DeliveryReceipt(CarrierMessageId.of("other"), ReceiptOutcome.DELIVERED,
                    "DELIVRD", "000", null);
            fixture.given(otpAccepted(), submitted())
                    .when(new RecordDeliveryReceiptCommand(ID, foreign))
                    .expectException(IllegalMessageTransitionException.class)
                    .expectNoEvents();
        }

        @Test
        void aDuplicateReceiptIsIgnored() {
            fixture.given(otpAccepted(), submitted(), new MessageDelivered(ID, delivered()))
                    .when(new RecordDeliveryReceiptCommand(ID, delivered()))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void aLateReceiptThatContradictsTheFinalStateIsRecordedButChangesNothing() {
            fixture.given(otpAccepted(), submitted(), new MessageDelivered(ID, delivered()))
                    .when(new RecordDeliveryReceiptCommand(ID, undeliverable()))
                    .expectEvents(new ConflictingReceiptRecorded(ID, undeliverable(), MessageStatus.DELIVERED));
        }

        @Test
        void afterAConflictingReceiptTheFirstFinalWordStillStands() {
            fixture.given(otpAccepted(), submitted(), new MessageDelivered(ID, delivered()),
                            new ConflictingReceiptRecorded(ID, undeliverable(), MessageStatus.DELIVERED))
                    .when(new RecordDeliveryReceiptCommand(ID, delivered()))
                    .expectNoEvents();
        }

        @Test
        void aReceiptForAMessageTheCarrierNeverTookIsIllegal() {
            fixture.given(otpAccepted(), new MessageSubmissionFailed(ID, "smpp-0x0000000b", "refused"))
                    .when(new RecordDeliveryReceiptCommand(ID, delivered()))
                    .expectException(IllegalMessageTransitionException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class WhenValidityRunsOut {

        @Test
        void anAcceptedMessageExpiresWithoutAReceipt() {
            fixture.given(otpAccepted())
                    .when(new ExpireMessageCommand(ID, "validity period ended before submission"))
                    .expectEvents(new MessageExpired(ID, "validity period ended before submission", null));
        }

        @Test
        void aSubmittedMessageCannotBeExpiredByTheGateway() {
            fixture.given(otpAccepted(), submitted())
                    .when(new ExpireMessageCommand(ID, "too late"))
                    .expectException(IllegalMessageTransitionException.class)
                    .expectNoEvents();
        }

        @Test
        void aDeliveredMessageCannotExpire() {
            fixture.given(otpAccepted(), submitted(), new MessageDelivered(ID, delivered()))
                    .when(new ExpireMessageCommand(ID, "too late"))
                    .expectException(IllegalMessageTransitionException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class WhenSentAsSegments {

        private final CarrierMessageId s1 = CarrierMessageId.of("s-1");
        private final CarrierMessageId s2 = CarrierMessageId.of("s-2");
        private final CarrierMessageId s3 = CarrierMessageId.of("s-3");

        private MessageSubmitted threeSegments() {
            return new MessageSubmitted(ID, s1, null, java.util.List.of(s1, s2, s3));
        }

        private DeliveryReceipt of(CarrierMessageId id, ReceiptOutcome outcome, String stat) {
            return new DeliveryReceipt(id, outcome, stat, outcome == ReceiptOutcome.DELIVERED ? "000" : "001", null);
        }

        @Test
        void theSubmissionRecordsEverySegmentsId() {
            fixture.given(otpAccepted())
                    .when(new RecordSubmissionCommand(ID, s1, "via a", java.util.List.of(s1, s2, s3)))
                    .expectEvents(new MessageSubmitted(ID, s1, "via a", java.util.List.of(s1, s2, s3)));
        }

        @Test
        void itIsDeliveredOnlyWithTheLastSegmentsReceiptInWhateverOrderTheyCome() {
            fixture.given(otpAccepted(), threeSegments(),
                            new SegmentReceiptRecorded(ID, 3, 3, of(s3, ReceiptOutcome.DELIVERED, "DELIVRD")),
                            new SegmentReceiptRecorded(ID, 1, 3, of(s1, ReceiptOutcome.DELIVERED, "DELIVRD")))
                    .when(new RecordDeliveryReceiptCommand(ID, of(s2, ReceiptOutcome.DELIVERED, "DELIVRD")))
                    .expectEvents(new MessageDelivered(ID, of(s2, ReceiptOutcome.DELIVERED, "DELIVRD")));
        }

        @Test
        void aSegmentsReceiptBeforeTheOthersIsRecordedWithoutDecidingTheMessage() {
            fixture.given(otpAccepted(), threeSegments())
                    .when(new RecordDeliveryReceiptCommand(ID, of(s2, ReceiptOutcome.DELIVERED, "DELIVRD")))
                    .expectEvents(new SegmentReceiptRecorded(ID, 2, 3, of(s2, ReceiptOutcome.DELIVERED, "DELIVRD")));
        }

        @Test
        void theFirstSegmentNotDeliveredFailsTheMessageAndLaterReceiptsAreStillKept() {
            fixture.given(otpAccepted(), threeSegments(),
                            new SegmentReceiptRecorded(ID, 1, 3, of(s1, ReceiptOutcome.DELIVERED, "DELIVRD")),
                            new MessageDeliveryFailed(ID, of(s2, ReceiptOutcome.UNDELIVERABLE, "UNDELIV")))
                    .when(new RecordDeliveryReceiptCommand(ID, of(s3, ReceiptOutcome.DELIVERED, "DELIVRD")))
                    .expectEvents(new SegmentReceiptRecorded(ID, 3, 3, of(s3, ReceiptOutcome.DELIVERED, "DELIVRD")));
        }

        @Test
        void aFailedSegmentFailsTheMessage() {
            fixture.given(otpAccepted(), threeSegments())
                    .when(new RecordDeliveryReceiptCommand(ID, of(s1, ReceiptOutcome.UNDELIVERABLE, "UNDELIV")))
                    .expectEvents(new MessageDeliveryFailed(ID, of(s1, ReceiptOutcome.UNDELIVERABLE, "UNDELIV")));
        }

        @Test
        void aSegmentsReceiptTwiceCountsOnceAndADifferentAnswerIsAConflict() {
            fixture.given(otpAccepted(), threeSegments(),
                            new SegmentReceiptRecorded(ID, 1, 3, of(s1, ReceiptOutcome.DELIVERED, "DELIVRD")))
                    .when(new RecordDeliveryReceiptCommand(ID, of(s1, ReceiptOutcome.DELIVERED, "DELIVRD")))
                    .expectNoEvents();
            fixture.given(otpAccepted(), threeSegments(),
                            new SegmentReceiptRecorded(ID, 1, 3, of(s1, ReceiptOutcome.DELIVERED, "DELIVRD")))
                    .when(new RecordDeliveryReceiptCommand(ID, of(s1, ReceiptOutcome.UNDELIVERABLE, "UNDELIV")))
                    .expectEvents(new ConflictingReceiptRecorded(ID, of(s1, ReceiptOutcome.UNDELIVERABLE, "UNDELIV"),
                            MessageStatus.SUBMITTED));
        }

        @Test
        void aReceiptForAnIdThatIsNoneOfItsSegmentsIsRefused() {
            fixture.given(otpAccepted(), threeSegments())
                    .when(new RecordDeliveryReceiptCommand(ID, of(CarrierMessageId.of("other"), ReceiptOutcome.DELIVERED,
                            "DELIVRD")))
                    .expectException(IllegalMessageTransitionException.class)
                    .expectNoEvents();
        }
    }

    @Nested
    class WhenTheBrandsCarrierCapIsUsedUp {

        private final Instant midnightPacific = Instant.parse("2026-11-26T08:00:00Z");

        @Test
        void aClearedMessageIsHeldUntilTheCapResets() {
            fixture.given(otpAccepted(), cleared())
                    .when(new DeferForCarrierCapCommand(ID, midnightPacific, "2 of 2 segments used", "brand=b day=2026-11-25"))
                    .expectResultMessagePayload(true)
                    .expectEvents(new MessageHeld(ID, "carrier.daily-cap", midnightPacific, "2 of 2 segments used",
                            "brand=b day=2026-11-25"));
        }

        @Test
        void aMessageWhoseSubmitIsOpenOrThatWasSubmittedIsNotHeld() {
            fixture.given(otpAccepted(), cleared(), new MessageSubmissionAttempted(ID, 1))
                    .when(new DeferForCarrierCapCommand(ID, midnightPacific, "used up", ""))
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
            fixture.given(otpAccepted(), cleared(), submitted())
                    .when(new DeferForCarrierCapCommand(ID, midnightPacific, "used up", ""))
                    .expectResultMessagePayload(false)
                    .expectNoEvents();
        }

        @Test
        void onlyAClearedMessageNotYetSubmittedAwaitsSubmission() {
            fixture.given(otpAccepted(), cleared())
                    .when(new CheckAwaitingSubmissionCommand(ID))
                    .expectResultMessagePayload(true).expectNoEvents();
            fixture.given(otpAccepted(), cleared(), submitted())
                    .when(new CheckAwaitingSubmissionCommand(ID))
                    .expectResultMessagePayload(false).expectNoEvents();
            fixture.given(otpAccepted(), new MessageBlocked(ID, "consent.opted-out", "opted out", ""))
                    .when(new CheckAwaitingSubmissionCommand(ID))
                    .expectResultMessagePayload(false).expectNoEvents();
            fixture.given(otpAccepted(), new MessageHeld(ID, "quiet-hours.federal", Instant.parse("2026-11-26T13:00:00Z"),
                            "night", ""))
                    .when(new CheckAwaitingSubmissionCommand(ID))
                    .expectResultMessagePayload(false).expectNoEvents();
        }

        @Test
        void aMessageThatWouldExpireBeforeTheResetExpiresNow() {
            fixture.given(otpAccepted(), cleared())
                    .when(new DeferForCarrierCapCommand(ID, VALID_UNTIL.plusSeconds(1), "used up", ""))
                    .expectResultMessagePayload(true)
                    .expectEvents(new MessageExpired(ID, "validity ends at " + VALID_UNTIL
                            + ", before the carrier cap resets at " + VALID_UNTIL.plusSeconds(1), null));
        }
    }

    @Nested
    class WhenTheReceiptNeverComes {

        @Test
        void aSubmittedMessageWhoseValidityEndedEndsExpiredWithTheReason() {
            fixture.given(otpAccepted(), cleared(), submitted())
                    .when(new GiveUpOnReceiptCommand(ID, VALID_UNTIL, "no receipt"))
                    .expectResultMessagePayload(true)
                    .expectEvents(new MessageExpired(ID, "no receipt", null));
        }

        @Test
        void withinItsValidityTheGatewayKeepsWaiting() {
            fixture.given(otpAccepted(), cleared(), submitted())
                    .when(new GiveUpOnReceiptCommand(ID, VALID_UNTIL.minusSeconds(1), "no receipt"))
                    .expectResultMessagePayload(false).expectNoEvents();
        }

        @Test
        void aMessageAlreadyFinalOrNotSubmittedIsLeftAsItIs() {
            fixture.given(otpAccepted(), cleared(), submitted(), new MessageDelivered(ID, delivered()))
                    .when(new GiveUpOnReceiptCommand(ID, VALID_UNTIL, "no receipt"))
                    .expectResultMessagePayload(false).expectNoEvents();
            fixture.given(otpAccepted(), cleared())
                    .when(new GiveUpOnReceiptCommand(ID, VALID_UNTIL, "no receipt"))
                    .expectResultMessagePayload(false).expectNoEvents();
        }

        @Test
        void aReceiptThatComesAfterAllIsKeptAsAConflict() {
            fixture.given(otpAccepted(), cleared(), submitted(), new MessageExpired(ID, "no receipt", null))
                    .when(new RecordDeliveryReceiptCommand(ID, delivered()))
                    .expectEvents(new ConflictingReceiptRecorded(ID, delivered(), MessageStatus.EXPIRED));
        }
    }
}
