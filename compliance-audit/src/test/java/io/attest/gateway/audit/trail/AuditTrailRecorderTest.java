package io.attest.gateway.audit.trail;

import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.domain.message.CarrierMessageId;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageEvent;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageSubmitted;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The per-account audit trail on a real PostgreSQL. */
class AuditTrailRecorderTest {

    private static final AccountId ACME = AccountId.of("acme");
    private static final AccountId GLOBEX = AccountId.of("globex");

    @RegisterExtension
    static final TestDatabase.PerClass database = TestDatabase.perClass();
    private final DSLContext db = database.db();
    private AuditTrailRecorder recorder;
    private AuditTrailQueries queries;

    @BeforeEach
    void emptyTrail() {
        db.execute("ALTER TABLE audit_entry DISABLE TRIGGER USER");
        db.execute("DELETE FROM audit_entry");
        db.execute("ALTER TABLE audit_entry ENABLE TRIGGER USER");
        recorder = new AuditTrailRecorder(db);
        queries = new AuditTrailQueries(db);
    }

    private static MessageAccepted accepted(String id, AccountId account) {
        return new MessageAccepted(MessageId.of(id), account, PhoneNumber.of("+15551234567"),
                PhoneNumber.of("+15557654321"), "Hi", TextEncoding.GSM_7, 1, CampaignId.of("c"),
                UseCase.TWO_FACTOR_AUTHENTICATION, MessagePurpose.CLIENT, null, java.time.Instant.parse("2026-12-01T00:00:00Z"));
    }

    private void record(MessageEvent event) {
        EventMessage<?> message = GenericEventMessage.asEventMessage(event);
        recorder.on(event, message);
    }

    @Test
    void numbersEntriesPerAccountInTheOrderTheyHappen() {
        record(accepted("a-1", ACME));
        record(accepted("g-1", GLOBEX));
        record(new MessageSubmitted(MessageId.of("a-1"), CarrierMessageId.of("c-1")));
        record(accepted("a-2", ACME));

        assertThat(queries.entries(ACME, 0, 10))
                .extracting(io.attest.gateway.application.audit.port.in.ReadAuditTrailQuery.Entry::entryNumber, io.attest.gateway.application.audit.port.in.ReadAuditTrailQuery.Entry::subject,
                        io.attest.gateway.application.audit.port.in.ReadAuditTrailQuery.Entry::eventType)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, "a-1", "MessageAccepted"),
                        org.assertj.core.groups.Tuple.tuple(2L, "a-1", "MessageSubmitted"),
                        org.assertj.core.groups.Tuple.tuple(3L, "a-2", "MessageAccepted"));
        assertThat(queries.entries(GLOBEX, 0, 10)).extracting(io.attest.gateway.application.audit.port.in.ReadAuditTrailQuery.Entry::entryNumber)
                .containsExactly(1L);
        assertThat(queries.entries(ACME, 1, 10)).hasSize(2);
    }

    @Test
    void theSameEventTwiceIsOneEntry() {
        MessageAccepted event = accepted("a-1", ACME);
        EventMessage<?> message = GenericEventMessage.asEventMessage(event);
        recorder.on(event, message);
        recorder.on(event, message);

        assertThat(queries.entries(ACME, 0, 10)).hasSize(1);
    }

    @Test
    void consentChangesJoinTheSameChainUnderTheConsentsId() {
        var brand = io.attest.gateway.domain.brand.BrandId.of("acme-brand");
        var subscriber = PhoneNumber.of("+13055550123");
        var consentId = io.attest.gateway.domain.consent.SubscriberConsentId.of(brand, subscriber);
        var optIn = new io.attest.gateway.domain.consent.OptInRecorded(consentId, ACME, brand, subscriber,
                CampaignId.of("acme-promos"), io.attest.gateway.domain.consent.ConsentKind.EXPRESS_WRITTEN,
                io.attest.gateway.domain.consent.ConsentEvidence.of(io.attest.gateway.domain.consent.ConsentChannel.API,
                        "Texts from Acme. Consent is not a condition of purchase.", "signed", null, null, null, null),
                java.time.Instant.parse("2026-11-20T15:00:00Z"), "acme-app");
        var optOut = new io.attest.gateway.domain.consent.OptOutRecorded(consentId, ACME, brand, subscriber,
                io.attest.gateway.domain.consent.OptOutMethod.PLAIN_WORDS, "phrase:stop-contacting-me",
                "please stop texting me", io.attest.gateway.domain.consent.RevocationScope.CAMPAIGN,
                CampaignId.of("acme-promos"), java.time.Instant.parse("2026-11-21T15:00:00Z"), "subscriber", false);
        record(accepted("a-1", ACME));
        recorder.on(optIn, GenericEventMessage.asEventMessage(optIn));
        recorder.on(optOut, GenericEventMessage.asEventMessage(optOut));

        var entries = queries.entries(ACME, 0, 10);
        assertThat(entries).extracting(io.attest.gateway.application.audit.port.in.ReadAuditTrailQuery.Entry::eventType)
                .containsExactly("MessageAccepted", "OptInRecorded", "OptOutRecorded");
        assertThat(entries.get(1).subject()).isEqualTo("acme-brand/+13055550123");
        assertThat(entries.get(2).summary()).contains("phrase:stop-contacting-me").contains("please stop texting me");
        assertThat(queries.verify(ACME).valid()).isTrue();
        assertThat(queries.verify(ACME).entriesChecked()).isEqualTo(3);
    }

    @Test
    void anEventOfAMessageNeverAcceptedIsAnErrorNotASilentSkip() {
        assertThatThrownBy(() -> record(new MessageSubmitted(MessageId.of("ghost"), CarrierMessageId.of("c"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aProcessorsBatchIsChainedInOrderAndWrittenWhenItsUnitOfWorkCommitsWithoutGapsForEventsSeenBefore() {
        MessageAccepted first = accepted("a-1", ACME);
        EventMessage<?> firstMessage = GenericEventMessage.asEventMessage(first);
        recorder.on(first, firstMessage); // written by an earlier batch

        var batch = org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(firstMessage);
        recorder.on(first, firstMessage); // redelivered: already in the chain
        record(new MessageSubmitted(MessageId.of("a-1"), CarrierMessageId.of("c-1"))); // its account from the trail
        record(accepted("a-2", ACME));
        record(new MessageSubmitted(MessageId.of("a-2"), CarrierMessageId.of("c-2"))); // its account from this batch
        record(accepted("g-1", GLOBEX));
        assertThat(queries.entries(ACME, 0, 10)).as("nothing is written before the batch commits").hasSize(1);
        batch.commit();

        assertThat(queries.entries(ACME, 0, 10))
                .extracting(io.attest.gateway.application.audit.port.in.ReadAuditTrailQuery.Entry::entryNumber,
                        io.attest.gateway.application.audit.port.in.ReadAuditTrailQuery.Entry::subject,
                        io.attest.gateway.application.audit.port.in.ReadAuditTrailQuery.Entry::eventType)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, "a-1", "MessageAccepted"),
                        org.assertj.core.groups.Tuple.tuple(2L, "a-1", "MessageSubmitted"),
                        org.assertj.core.groups.Tuple.tuple(3L, "a-2", "MessageAccepted"),
                        org.assertj.core.groups.Tuple.tuple(4L, "a-2", "MessageSubmitted"));
        assertThat(queries.verify(ACME).valid()).isTrue();
        assertThat(queries.verify(ACME).entriesChecked()).isEqualTo(4);
        assertThat(queries.entries(GLOBEX, 0, 10)).hasSize(1);
        assertThat(queries.verify(GLOBEX).valid()).isTrue();
    }

    @Test
    void aBatchThatCannotBeWrittenWritesNothingOfIt() {
        var batch = org.axonframework.messaging.unitofwork.DefaultUnitOfWork.startAndGet(
                GenericEventMessage.asEventMessage("batch"));
        record(accepted("a-1", ACME));
        record(new MessageSubmitted(MessageId.of("ghost"), CarrierMessageId.of("c"))); // never accepted

        assertThatThrownBy(batch::commit).isInstanceOf(IllegalStateException.class);
        assertThat(queries.entries(ACME, 0, 10)).isEmpty();
    }
}
