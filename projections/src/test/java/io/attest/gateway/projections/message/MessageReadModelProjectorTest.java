package io.attest.gateway.projections.message;

import io.attest.gateway.application.message.port.in.MessageView;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.domain.message.CarrierMessageId;
import io.attest.gateway.domain.message.ConflictingReceiptRecorded;
import io.attest.gateway.domain.message.DeliveryReceipt;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageDelivered;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.message.MessageSubmissionFailed;
import io.attest.gateway.domain.message.MessageSubmitted;
import io.attest.gateway.domain.message.ReceiptOutcome;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import io.attest.gateway.projections.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The message read model on a real PostgreSQL, fed events as the tracking processor would. */
class MessageReadModelProjectorTest {

    private static final AccountId ACME = AccountId.of("acme");
    private static final AccountId GLOBEX = AccountId.of("globex");
    private static final MessageId ID = MessageId.of("m-1");
    private static final CarrierMessageId CARRIER = CarrierMessageId.of("c-1");
    private static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    @RegisterExtension
    static final TestDatabase.PerClass database = TestDatabase.perClass();
    private final DSLContext db = database.db();
    private MessageReadModelProjector projector;
    private MessageReadModelQueries queries;

    @BeforeEach
    void emptyTables() {
        db.execute("TRUNCATE delivery_status, message_timeline, message_charge");
        projector = new MessageReadModelProjector(db, new io.attest.gateway.projections.support.PlainTexts());
        queries = new MessageReadModelQueries(db);
    }

    private static MessageAccepted accepted() {
        return new MessageAccepted(ID, ACME, PhoneNumber.of("+15551234567"), PhoneNumber.of("+15557654321"),
                "Your code is 123456", TextEncoding.GSM_7, 1, CampaignId.of("acme-otp"),
                UseCase.TWO_FACTOR_AUTHENTICATION, MessagePurpose.CLIENT, T0, T0.plusSeconds(86_400));
    }

    private static DeliveryReceipt receipt(ReceiptOutcome outcome, String stat) {
        return new DeliveryReceipt(CARRIER, outcome, stat, "000", "2611251200");
    }

    @Test
    void buildsTheTimelineOfADeliveredMessage() {
        projector.on(accepted(), 0, T0);
        projector.on(new MessageSubmitted(ID, CARRIER), 1, T0.plusMillis(40));
        projector.on(new MessageDelivered(ID, receipt(ReceiptOutcome.DELIVERED, "DELIVRD")), 2, T0.plusMillis(900));

        MessageView view = queries.load(ACME, ID).orElseThrow();

        assertThat(view.status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(view.carrierMessageId()).isEqualTo("c-1");
        assertThat(view.acceptedAt()).isEqualTo(T0);
        assertThat(view.updatedAt()).isEqualTo(T0.plusMillis(900));
        assertThat(view.timeline()).extracting(MessageView.TimelineEntry::status)
                .containsExactly(MessageStatus.ACCEPTED, MessageStatus.SUBMITTED, MessageStatus.DELIVERED);
        assertThat(view.timeline()).extracting(MessageView.TimelineEntry::occurredAt)
                .containsExactly(T0, T0.plusMillis(40), T0.plusMillis(900));
        assertThat(view.timeline().get(2).detail()).isEqualTo("receipt stat:DELIVRD err:000 done:2611251200");
    }

    @Test
    void aHeldThenReleasedMessageShowsBothSteps() {
        projector.on(accepted(), 0, T0);
        projector.on(new io.attest.gateway.domain.message.MessageHeld(ID, "quiet-hours.state", T0.plusSeconds(3600),
                "outside 8-20", "in"), 1, T0);
        projector.on(new io.attest.gateway.domain.message.MessageReleased(ID, PhoneNumber.of("+15551234567"),
                PhoneNumber.of("+15557654321"), "Your code is 123456", TextEncoding.GSM_7,
                java.util.List.of("quiet-hours.state"), "in"), 2, T0.plusSeconds(3600));

        MessageView view = queries.load(ACME, ID).orElseThrow();
        assertThat(view.status()).isEqualTo(MessageStatus.ACCEPTED);
        assertThat(view.timeline()).extracting(MessageView.TimelineEntry::status)
                .containsExactly(MessageStatus.ACCEPTED, MessageStatus.HELD, MessageStatus.ACCEPTED);
        assertThat(view.timeline().get(1).detail()).isEqualTo("quiet-hours.state: held until " + T0.plusSeconds(3600)
                + " | in");
        assertThat(view.timeline().get(2).detail()).isEqualTo("released after quiet-hours.state | in");
    }

    @Test
    void aBlockedMessageNamesTheRule() {
        projector.on(accepted(), 0, T0);
        projector.on(new io.attest.gateway.domain.message.MessageBlocked(ID, "consent.opted-out", "revoked", "in"), 1, T0);

        MessageView view = queries.load(ACME, ID).orElseThrow();
        assertThat(view.status()).isEqualTo(MessageStatus.BLOCKED);
        assertThat(view.timeline().get(1).detail()).isEqualTo("consent.opted-out: revoked | in");
    }

    @Test
    void theComplianceDecisionIsAStepWithItsChecksAndInputs() {
        projector.on(accepted(), 0, T0);
        projector.on(new io.attest.gateway.domain.message.MessageCleared(ID, java.util.List.of("consent.missing",
                "quiet-hours.federal"), "consent=EXPRESS; zones=America/New_York"), 1, T0);

        MessageView view = queries.load(ACME, ID).orElseThrow();
        assertThat(view.status()).isEqualTo(MessageStatus.ACCEPTED);
        assertThat(view.timeline().get(1).event()).isEqualTo("MessageCleared");
        assertThat(view.timeline().get(1).detail()).isEqualTo(
                "allowed after consent.missing, quiet-hours.federal | consent=EXPRESS; zones=America/New_York");
    }

    @Test
    void theRoutingDecisionIsTheSubmittedStepsDetail() {
        projector.on(accepted(), 0, T0);
        projector.on(new MessageSubmitted(ID, CARRIER, "via b (every destination), failed over from a (not bound)"), 1,
                T0.plusMillis(40));

        assertThat(queries.load(ACME, ID).orElseThrow().timeline().get(1).detail())
                .isEqualTo("via b (every destination), failed over from a (not bound)");
    }

    @Test
    void aResetEmptiesTheTablesForARebuild() {
        projector.on(accepted(), 0, T0);

        projector.reset();

        assertThat(queries.load(ACME, ID)).isEmpty();
    }

    @Test
    void anotherAccountDoesNotSeeTheMessage() {
        projector.on(accepted(), 0, T0);

        assertThat(queries.load(GLOBEX, ID)).isEmpty();
        assertThat(queries.load(ACME, ID)).isPresent();
    }

    /** A price of 0.0040 per segment plus a 0.0035 carrier fee. */
    static io.attest.gateway.domain.cost.MessageCost cost(int segments) {
        var usd = java.util.Currency.getInstance("USD");
        var perSegment = new io.attest.gateway.domain.cost.Money(new java.math.BigDecimal("0.0040"), usd);
        var fee = new io.attest.gateway.domain.cost.Money(new java.math.BigDecimal("0.0035"), usd);
        return new io.attest.gateway.domain.cost.MessageCost(Instant.parse("2026-12-01T00:00:00Z"), "smsc-a", "AT&T",
                io.attest.gateway.domain.cost.TrafficClass.REGISTERED_10DLC, segments, perSegment, fee,
                perSegment.plus(fee).times(segments));
    }

    @Test
    void theEstimateAndTheChargeAreOnTheMessageAndEachChargeIsRecordedOnceForTheReports() {
        MessageAccepted priced = new MessageAccepted(ID, ACME, PhoneNumber.of("+15551234567"),
                PhoneNumber.of("+15557654321"), "Your code is 123456", TextEncoding.GSM_7, 1, CampaignId.of("acme-otp"),
                UseCase.TWO_FACTOR_AUTHENTICATION, MessagePurpose.CLIENT, T0, T0.plusSeconds(86_400), null, cost(1));
        projector.on(priced, 0, T0);
        MessageSubmitted charged = new MessageSubmitted(ID, CARRIER, null, null, cost(1));
        projector.on(charged, 1, T0.plusMillis(40));
        projector.on(charged, 1, T0.plusMillis(40)); // seen twice: charged once
        projector.on(new io.attest.gateway.domain.inbound.InboundMessageReceived(
                new io.attest.gateway.domain.inbound.InboundMessageId("in-1"), PhoneNumber.of("+15557654321"),
                PhoneNumber.of("+15551234567"), "thanks", ACME, CampaignId.of("acme-otp"),
                io.attest.gateway.domain.consent.ReplyIntent.Kind.NONE, null, cost(1)), 0, T0.plusSeconds(1));

        var view = queries.load(ACME, ID).orElseThrow();
        assertThat(view.estimatedCost().plain()).isEqualTo("0.0075");
        assertThat(view.charged().plain()).isEqualTo("0.0075");
        assertThat(view.timeline().getFirst().detail()).startsWith("estimated 0.0075 USD = 1 segment");
        assertThat(view.timeline().get(1).detail()).contains("charged 0.0075 USD");
        assertThat(db.fetch("SELECT message_id, account_id, direction, campaign_id, carrier, route, amount "
                + "FROM message_charge ORDER BY charged_at").map(r -> r.intoList().toString()))
                .containsExactly("[m-1, acme, outbound, acme-otp, AT&T, smsc-a, 0.007500]",
                        "[in-1, acme, inbound, acme-otp, AT&T, smsc-a, 0.007500]");
    }

    @Test
    void anEventSeenTwiceIsWrittenOnce() {
        projector.on(accepted(), 0, T0);
        projector.on(new MessageSubmitted(ID, CARRIER), 1, T0.plusMillis(40));
        projector.on(accepted(), 0, T0);
        projector.on(new MessageSubmitted(ID, CARRIER), 1, T0.plusMillis(40));

        assertThat(queries.load(ACME, ID).orElseThrow().timeline()).hasSize(2);
    }

    @Test
    void aRefusedSubmissionShowsTheCarrierErrorCode() {
        projector.on(accepted(), 0, T0);
        projector.on(new MessageSubmissionFailed(ID, "smpp-0x0000000b", "SMSC refused"), 1, T0.plusMillis(40));

        MessageView view = queries.load(ACME, ID).orElseThrow();
        assertThat(view.status()).isEqualTo(MessageStatus.FAILED);
        assertThat(view.timeline().get(1).detail()).isEqualTo("smpp-0x0000000b: SMSC refused");
    }

    @Test
    void aConflictingReceiptIsOnTheTimelineButTheStatusStays() {
        projector.on(accepted(), 0, T0);
        projector.on(new MessageSubmitted(ID, CARRIER), 1, T0);
        projector.on(new MessageDelivered(ID, receipt(ReceiptOutcome.DELIVERED, "DELIVRD")), 2, T0);
        projector.on(new ConflictingReceiptRecorded(ID, receipt(ReceiptOutcome.UNDELIVERABLE, "UNDELIV"),
                MessageStatus.DELIVERED), 3, T0);

        MessageView view = queries.load(ACME, ID).orElseThrow();
        assertThat(view.status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(view.timeline()).hasSize(4);
        assertThat(view.timeline().get(3).event()).isEqualTo("ConflictingReceiptRecorded");
        assertThat(view.timeline().get(3).detail()).startsWith("conflicting receipt ignored: receipt stat:UNDELIV");
    }

    @Test
    void aProcessorsBatchIsWrittenWhenItsUnitOfWorkCommitsWithEachStepInItsOrder() {
        MessageId other = MessageId.of("m-2");
        projector.on(new MessageAccepted(other, ACME, PhoneNumber.of("+15551234567"), PhoneNumber.of("+15557654322"),
                "Hi", TextEncoding.GSM_7, 1, CampaignId.of("acme-otp"), UseCase.TWO_FACTOR_AUTHENTICATION,
                MessagePurpose.CLIENT, T0, T0.plusSeconds(86_400)), 0, T0); // an earlier batch
        var batch = org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(
                org.axonframework.eventhandling.GenericEventMessage.asEventMessage("batch"));
        projector.on(accepted(), 0, T0);
        projector.on(new MessageSubmitted(ID, CARRIER, null, java.util.List.of(CARRIER, CarrierMessageId.of("c-2"))), 1,
                T0.plusMillis(40));
        projector.on(new MessageSubmitted(ID, CARRIER), 1, T0.plusMillis(40)); // redelivered: one step
        // the first segment's receipt keeps the status this batch gave the message; m-2's, the stored one
        projector.on(new io.attest.gateway.domain.message.SegmentReceiptRecorded(ID, 1, 2,
                receipt(ReceiptOutcome.DELIVERED, "DELIVRD")), 2, T0.plusMillis(500));
        projector.on(new io.attest.gateway.domain.message.SegmentReceiptRecorded(other, 1, 2,
                receipt(ReceiptOutcome.DELIVERED, "DELIVRD")), 1, T0.plusMillis(500));
        projector.on(new MessageDelivered(ID, receipt(ReceiptOutcome.DELIVERED, "DELIVRD")), 3, T0.plusMillis(900));
        assertThat(queries.load(ACME, ID)).as("nothing is written before the batch commits").isEmpty();
        batch.commit();

        MessageView view = queries.load(ACME, ID).orElseThrow();
        assertThat(view.status()).isEqualTo(MessageStatus.DELIVERED);
        assertThat(view.carrierMessageId()).isEqualTo("c-1");
        assertThat(view.updatedAt()).isEqualTo(T0.plusMillis(900));
        assertThat(view.timeline()).extracting(MessageView.TimelineEntry::status).containsExactly(
                MessageStatus.ACCEPTED, MessageStatus.SUBMITTED, MessageStatus.SUBMITTED, MessageStatus.DELIVERED);
        MessageView second = queries.load(ACME, other).orElseThrow();
        assertThat(second.timeline()).extracting(MessageView.TimelineEntry::status)
                .containsExactly(MessageStatus.ACCEPTED, MessageStatus.ACCEPTED);
    }

    @Test
    void aMessageTheReadModelHasNotCaughtUpWithIsFoldedFromItsEventsAsTheReadModelWillShowIt() {
        java.util.List<io.attest.gateway.domain.message.MessageEvent> events = java.util.List.of(accepted(),
                new io.attest.gateway.domain.message.MessageCleared(ID, java.util.List.of("consent.missing"), "in"),
                new io.attest.gateway.domain.message.MessageSubmissionAttempted(ID, 1, false),
                new MessageSubmitted(ID, CARRIER, null, java.util.List.of(CARRIER, CarrierMessageId.of("c-2"))),
                new io.attest.gateway.domain.message.SegmentReceiptRecorded(ID, 1, 2,
                        receipt(ReceiptOutcome.DELIVERED, "DELIVRD")),
                new MessageDelivered(ID, receipt(ReceiptOutcome.DELIVERED, "DELIVRD")));
        java.util.List<io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort.Recorded<Object>> stored =
                new java.util.ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            stored.add(new io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort.Recorded<>(
                    events.get(i), T0.plusMillis(100L * i), i));
        }
        io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort eventStore = eventStoreWith(stored);
        MessageReadModelQueries behind = new MessageReadModelQueries(db, eventStore);

        MessageView folded = behind.load(ACME, ID).orElseThrow();
        assertThat(behind.load(GLOBEX, ID)).as("another account's message is not found").isEmpty();
        assertThat(behind.load(ACME, MessageId.of("m-unknown"))).isEmpty();
        assertThat(queries.load(ACME, ID)).as("the read model has not caught up").isEmpty();

        for (var recorded : stored) {
            var event = (io.attest.gateway.domain.message.MessageEvent) recorded.event();
            if (event instanceof MessageAccepted a) {
                projector.on(a, recorded.sequence(), recorded.at());
            } else if (event instanceof MessageSubmitted submitted) {
                projector.on(submitted, recorded.sequence(), recorded.at());
            } else {
                projector.on(event, recorded.sequence(), recorded.at());
            }
        }
        MessageView projected = queries.load(ACME, ID).orElseThrow();
        assertThat(folded).isEqualTo(projected);
        assertThat(folded.status()).isEqualTo(MessageStatus.DELIVERED);
    }

    @Test
    void aReadModelThatHoldsOnlyPartOfWhatWasRecordedIsCompletedFromTheEventStore() {
        // a processor's batch can end between two events one command recorded together
        java.util.List<io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort.Recorded<Object>> stored =
                java.util.List.of(
                        new io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort.Recorded<>(
                                accepted(), T0, 0),
                        new io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort.Recorded<>(
                                new io.attest.gateway.domain.message.MessageCleared(ID, java.util.List.of("consent.missing"),
                                        "in"), T0, 1),
                        new io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort.Recorded<>(
                                new io.attest.gateway.domain.message.MessageSubmissionAttempted(ID, 1, false),
                                T0.plusMillis(5), 2));
        io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort eventStore = eventStoreWith(stored);
        projector.on(accepted(), 0, T0);
        MessageReadModelQueries reads = new MessageReadModelQueries(db, eventStore);

        MessageView partly = reads.load(ACME, ID).orElseThrow();

        assertThat(queries.load(ACME, ID).orElseThrow().timeline()).as("the read model alone").hasSize(1);
        assertThat(partly.timeline()).extracting(MessageView.TimelineEntry::event)
                .containsExactly("MessageAccepted", "MessageCleared", "MessageSubmissionAttempted");
        assertThat(reads.load(GLOBEX, ID)).as("another account's message is still not found").isEmpty();

        projector.on((io.attest.gateway.domain.message.MessageEvent) stored.get(1).event(), 1, T0);
        projector.on((io.attest.gateway.domain.message.MessageEvent) stored.get(2).event(), 2, T0.plusMillis(5));
        assertThat(reads.load(ACME, ID).orElseThrow()).as("caught up: the read model answers")
                .isEqualTo(queries.load(ACME, ID).orElseThrow());
    }

    /** An event store that holds the message {@code ID}'s events, and no other aggregate's. */
    private static io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort eventStoreWith(
            java.util.List<io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort.Recorded<Object>> stored) {
        return new io.attest.gateway.application.compliance.port.out.ComplianceHistoryPort() {
            @Override
            @SuppressWarnings("unchecked")
            public <E> java.util.List<Recorded<E>> history(String aggregateId, Class<E> eventType) {
                return aggregateId.equals(ID.value()) ? (java.util.List<Recorded<E>>) (java.util.List<?>) stored
                        : java.util.List.of();
            }
        };
    }
}
