package io.attest.gateway.audit.ledger;

import io.attest.gateway.application.audit.port.in.ConsentLedgerQuery.LedgerEntry;
import io.attest.gateway.audit.trail.TestDatabase;
import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.domain.consent.ConsentChannel;
import io.attest.gateway.domain.consent.ConsentEvidence;
import io.attest.gateway.domain.consent.ConsentKind;
import io.attest.gateway.domain.consent.OptInRecorded;
import io.attest.gateway.domain.consent.OptOutMethod;
import io.attest.gateway.domain.consent.OptOutRecorded;
import io.attest.gateway.domain.consent.RevocationScope;
import io.attest.gateway.domain.consent.SubscriberConsentId;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The consent ledger on a real PostgreSQL, from the events that make it. */
class ConsentLedgerProjectorTest {

    static final AccountId ACME = AccountId.of("acme");
    static final BrandId BRAND = BrandId.of("acme-brand");
    static final PhoneNumber SUBSCRIBER = PhoneNumber.of("+15557654321");
    static final CampaignId PROMOS = CampaignId.of("acme-promos");
    static final Instant T0 = Instant.parse("2026-11-25T12:00:00Z");

    @RegisterExtension
    static final TestDatabase.PerClass database = TestDatabase.perClass();
    private final DSLContext db = database.db();
    private ConsentLedgerProjector projector;
    private ConsentLedgerQueries queries;

    @BeforeEach
    void empty() {
        projector = new ConsentLedgerProjector(db);
        queries = new ConsentLedgerQueries(db);
        projector.reset();
    }

    static <T> EventMessage<T> at(T event, Instant time) {
        return new GenericEventMessage<>(java.util.UUID.randomUUID().toString(), event, java.util.Map.of(), time);
    }

    static OptInRecorded optIn(Instant consentedAt) {
        return new OptInRecorded(SubscriberConsentId.of(BRAND, SUBSCRIBER), ACME, BRAND, SUBSCRIBER, PROMOS,
                ConsentKind.EXPRESS_WRITTEN, ConsentEvidence.of(ConsentChannel.WEB_FORM,
                "Acme offers. Consent is not a condition of purchase.", "ticked the box", "signup v3", "203.0.113.9",
                "Mozilla/5.0", "Pat"), consentedAt, "acme-app");
    }

    static OptOutRecorded optOut(Instant at) {
        return new OptOutRecorded(SubscriberConsentId.of(BRAND, SUBSCRIBER), ACME, BRAND, SUBSCRIBER,
                OptOutMethod.KEYWORD, "keyword:STOP", "Stop", RevocationScope.CAMPAIGN, PROMOS, at, "subscriber", false);
    }

    static MessageAccepted confirmation(String id, MessagePurpose purpose, Instant at) {
        return new MessageAccepted(MessageId.of(id), ACME, PhoneNumber.of("+15551234568"), SUBSCRIBER,
                "You are unsubscribed", TextEncoding.GSM_7, 1, PROMOS, UseCase.MARKETING, purpose, at, at.plusSeconds(60));
    }

    @Test
    void recordsOptInOptOutConfirmationAndReOptInInOrderWithEvidenceRuleAndDelay() {
        projector.on(optIn(T0.minusSeconds(60)), at(optIn(T0.minusSeconds(60)), T0));
        projector.on(optOut(T0.plusSeconds(3600)), at(optOut(T0.plusSeconds(3600)), T0.plusSeconds(3600)));
        MessageAccepted confirmation = confirmation("c-1", MessagePurpose.OPT_OUT_CONFIRMATION, T0.plusSeconds(3602));
        projector.on(confirmation, at(confirmation, T0.plusMillis(3_602_500)));
        projector.on(optIn(T0.plusSeconds(7200)), at(optIn(T0.plusSeconds(7200)), T0.plusSeconds(7200)));

        List<LedgerEntry> ledger = queries.ledger(ACME, SUBSCRIBER.e164());

        assertThat(ledger).extracting(LedgerEntry::entryType)
                .containsExactly("OPT_IN", "OPT_OUT", "OPT_OUT_CONFIRMATION", "RE_OPT_IN");
        assertThat(ledger).extracting(LedgerEntry::entryNumber).containsExactly(1L, 2L, 3L, 4L);
        assertThat(ledger.get(0).evidenceChannel()).isEqualTo("WEB_FORM");
        assertThat(ledger.get(0).disclosureSha256()).hasSize(64);
        assertThat(ledger.get(0).effectiveAt()).isEqualTo(T0.minusSeconds(60));
        assertThat(ledger.get(1).matchedRule()).isEqualTo("keyword:STOP");
        assertThat(ledger.get(1).subscriberWords()).isEqualTo("Stop");
        assertThat(ledger.get(2).confirmationMessageId()).isEqualTo("c-1");
        assertThat(ledger.get(2).confirmationDelayMillis()).isEqualTo(2_500L);
        assertThat(ledger.get(3).actor()).isEqualTo("acme-app");
    }

    @Test
    void aConfirmationIsFiledUnderTheBrandOfTheCampaignItWasSentFor() {
        BrandId other = BrandId.of("acme-outlet");
        OptOutRecorded otherOptOut = new OptOutRecorded(SubscriberConsentId.of(other, SUBSCRIBER), ACME, other, SUBSCRIBER,
                OptOutMethod.KEYWORD, "keyword:STOP", "STOP", RevocationScope.CAMPAIGN, CampaignId.of("outlet-deals"),
                T0.plusSeconds(20), "subscriber", false);
        projector.on(optOut(T0), at(optOut(T0), T0));
        projector.on(otherOptOut, at(otherOptOut, T0.plusSeconds(20)));
        MessageAccepted confirmation = confirmation("c-2", MessagePurpose.OPT_OUT_CONFIRMATION, T0.plusSeconds(30));
        projector.on(confirmation, at(confirmation, T0.plusSeconds(30)));

        LedgerEntry filed = queries.ledger(ACME, SUBSCRIBER.e164()).stream()
                .filter(entry -> entry.entryType().equals("OPT_OUT_CONFIRMATION")).findFirst().orElseThrow();
        assertThat(filed.brandId()).isEqualTo(BRAND.value());
        assertThat(filed.confirmationDelayMillis()).isEqualTo(30_000L);
    }

    @Test
    void aConfirmationOfABrandWideOptOutIsKeptThoughTheLedgerDoesNotKnowItsCampaign() {
        OptOutRecorded brandWide = new OptOutRecorded(SubscriberConsentId.of(BRAND, SUBSCRIBER), ACME, BRAND, SUBSCRIBER,
                OptOutMethod.API, "api", null, RevocationScope.BRAND, null, T0, "acme-app", false);
        projector.on(brandWide, at(brandWide, T0));
        MessageAccepted confirmation = confirmation("c-3", MessagePurpose.OPT_OUT_CONFIRMATION, T0.plusSeconds(2));
        projector.on(confirmation, at(confirmation, T0.plusSeconds(2)));

        assertThat(queries.ledger(ACME, SUBSCRIBER.e164())).extracting(LedgerEntry::entryType)
                .containsExactly("OPT_OUT", "OPT_OUT_CONFIRMATION");
    }

    @Test
    void anEventSeenTwiceIsWrittenOnceAndAnotherAccountSeesNothing() {
        EventMessage<OptInRecorded> message = at(optIn(T0), T0);
        projector.on(optIn(T0), message);
        projector.on(optIn(T0), message);

        assertThat(queries.ledger(ACME, SUBSCRIBER.e164())).hasSize(1);
        assertThat(queries.ledger(AccountId.of("globex"), SUBSCRIBER.e164())).isEmpty();
    }

    @Test
    void aClientMessageIsNoConfirmation() {
        projector.on(optIn(T0), at(optIn(T0), T0));
        MessageAccepted client = confirmation("m-1", MessagePurpose.CLIENT, T0.plusSeconds(5));
        projector.on(client, at(client, T0.plusSeconds(5)));

        assertThat(queries.ledger(ACME, SUBSCRIBER.e164())).hasSize(1);
    }

    @Test
    void aResetEmptiesTheLedgerForARebuild() {
        projector.on(optIn(T0), at(optIn(T0), T0));

        projector.reset();

        assertThat(queries.ledger(ACME, SUBSCRIBER.e164())).isEmpty();
    }
}
