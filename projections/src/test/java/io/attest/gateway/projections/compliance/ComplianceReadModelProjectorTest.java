package io.attest.gateway.projections.compliance;

import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageBlocked;
import io.attest.gateway.domain.message.MessageHeld;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageReleased;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import io.attest.gateway.projections.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Marketing counts and holds on a real PostgreSQL. */
class ComplianceReadModelProjectorTest {

    private static final CampaignId PROMOS = CampaignId.of("acme-promos");
    private static final PhoneNumber MIAMI = PhoneNumber.of("+13055550123");
    private static final Instant T0 = Instant.parse("2026-11-25T15:00:00Z");

    @RegisterExtension
    static final TestDatabase.PerClass database = TestDatabase.perClass();
    private final DSLContext db = database.db();
    private ComplianceReadModelProjector projector;
    private ComplianceReadModelQueries queries;

    @BeforeEach
    void empty() {
        db.execute("TRUNCATE marketing_send, held_message, recipient_send");
        projector = new ComplianceReadModelProjector(db);
        queries = new ComplianceReadModelQueries(db);
    }

    private static MessageAccepted accepted(String id, UseCase useCase, MessagePurpose purpose) {
        return new MessageAccepted(MessageId.of(id), AccountId.of("acme"), PhoneNumber.of("+15551234568"), MIAMI,
                "Sale!", TextEncoding.GSM_7, 1, PROMOS, useCase, purpose, null, T0.plusSeconds(86_400));
    }

    @Test
    void countsMarketingLetGoOrHeldButNotBlockedNorInformationalNorReplies() {
        // a message let go counts from its acceptance: its MessageCleared changes nothing here
        projector.on(accepted("m1", UseCase.MARKETING, MessagePurpose.CLIENT), T0);
        projector.on(accepted("m2", UseCase.MARKETING, MessagePurpose.CLIENT), T0.plusSeconds(60));
        projector.on(new MessageHeld(MessageId.of("m2"), "quiet-hours.state", T0.plusSeconds(3600), "r", "in"));
        projector.on(accepted("m3", UseCase.MARKETING, MessagePurpose.CLIENT), T0.plusSeconds(120));
        projector.on(new MessageBlocked(MessageId.of("m3"), "frequency.state-cap", "r", "in"));
        projector.on(accepted("m4", UseCase.ACCOUNT_NOTIFICATION, MessagePurpose.CLIENT), T0);
        projector.on(accepted("m5", UseCase.MARKETING, MessagePurpose.HELP_REPLY), T0);

        assertThat(queries.countSince(PROMOS, MIAMI, T0.minusSeconds(1), null)).isEqualTo(2);
        assertThat(queries.countSince(PROMOS, MIAMI, T0.minusSeconds(1), MessageId.of("m2"))).isEqualTo(1);
        assertThat(queries.countSince(PROMOS, MIAMI, T0.plusSeconds(30), null)).isEqualTo(1);
        assertThat(queries.countSince(CampaignId.of("other"), MIAMI, T0.minusSeconds(1), null)).isZero();
    }

    @Test
    void anExpiredHeldMessageNoLongerCounts() {
        projector.on(accepted("m1", UseCase.MARKETING, MessagePurpose.CLIENT), T0);
        projector.on(new MessageHeld(MessageId.of("m1"), "quiet-hours.state", T0.plusSeconds(3600), "r", "in"));
        projector.on(new io.attest.gateway.domain.message.MessageExpired(MessageId.of("m1"), "validity", null));

        assertThat(queries.countSince(PROMOS, MIAMI, T0.minusSeconds(1), null)).isZero();
        assertThat(queries.dueAt(T0.plusSeconds(7200), 10)).isEmpty();
    }

    @Test
    void aHoldIsDueAtItsReleaseTimeAndGoneOnceReleased() {
        projector.on(accepted("m1", UseCase.MARKETING, MessagePurpose.CLIENT), T0);
        projector.on(new MessageHeld(MessageId.of("m1"), "quiet-hours.state", T0.plusSeconds(3600), "r", "in"));

        assertThat(queries.dueAt(T0.plusSeconds(3599), 10)).isEmpty();
        assertThat(queries.dueAt(T0.plusSeconds(3600), 10)).containsExactly(MessageId.of("m1"));

        projector.on(new MessageReleased(MessageId.of("m1"), PhoneNumber.of("+15551234568"), MIAMI, "Sale!",
                TextEncoding.GSM_7, List.of(), "in"));
        assertThat(queries.dueAt(T0.plusSeconds(7200), 10)).isEmpty();
    }

    @Test
    void countsEachAccountsMessagesToARecipientForTheVelocityRuleOnlyWhereTheLimitApplies() {
        var limits = new io.attest.gateway.application.limits.SendLimits(
                new io.attest.gateway.application.limits.SendLimits.Limits(0L, 0L, 0, java.time.Duration.ofHours(1)),
                java.util.Map.of(AccountId.of("acme"), new io.attest.gateway.application.limits.SendLimits.Limits(
                        null, null, 5, null), AccountId.of("globex"), new io.attest.gateway.application.limits.SendLimits
                        .Limits(null, null, 5, null)));
        projector = new ComplianceReadModelProjector(db, limits);
        record Sent(String id, String account, UseCase useCase, MessagePurpose purpose) {
        }
        for (Sent sent : List.of(new Sent("v1", "acme", UseCase.ACCOUNT_NOTIFICATION, MessagePurpose.CLIENT),
                new Sent("v2", "acme", UseCase.MARKETING, MessagePurpose.CLIENT),
                new Sent("v3", "globex", UseCase.ACCOUNT_NOTIFICATION, MessagePurpose.CLIENT),
                new Sent("v4", "initech", UseCase.ACCOUNT_NOTIFICATION, MessagePurpose.CLIENT),
                new Sent("v5", "acme", UseCase.ACCOUNT_NOTIFICATION, MessagePurpose.HELP_REPLY))) {
            projector.on(new MessageAccepted(MessageId.of(sent.id()), AccountId.of(sent.account()),
                    PhoneNumber.of("+15551234568"), MIAMI, "Hi", TextEncoding.GSM_7, 1, PROMOS, sent.useCase(),
                    sent.purpose(), null, T0.plusSeconds(86_400)), T0);
        }
        projector.on(new MessageAccepted(MessageId.of("v6"), AccountId.of("acme"), PhoneNumber.of("+15551234568"), MIAMI,
                "Hi", TextEncoding.GSM_7, 1, PROMOS, UseCase.ACCOUNT_NOTIFICATION, MessagePurpose.CLIENT, null,
                T0.plusSeconds(86_400)), T0);
        projector.on(new MessageBlocked(MessageId.of("v6"), "velocity.recipient", "r", "in"));

        assertThat(queries.countSince(AccountId.of("acme"), MIAMI, T0.minusSeconds(1), null)).isEqualTo(2);
        assertThat(queries.countSince(AccountId.of("acme"), MIAMI, T0.minusSeconds(1), MessageId.of("v2"))).isEqualTo(1);
        assertThat(queries.countSince(AccountId.of("acme"), MIAMI, T0, null)).isZero();
        assertThat(queries.countSince(AccountId.of("globex"), MIAMI, T0.minusSeconds(1), null)).isEqualTo(1);
        assertThat(queries.countSince(AccountId.of("acme"), PhoneNumber.of("+13055550124"), T0.minusSeconds(1), null))
                .isZero();
        // an account without the limit keeps no rows for it
        assertThat(db.fetchCount(db.selectFrom("recipient_send").where("account_id = 'initech'"))).isZero();

        projector.on(new io.attest.gateway.domain.message.MessageExpired(MessageId.of("v1"), "validity ended", null));
        assertThat(queries.countSince(AccountId.of("acme"), MIAMI, T0.minusSeconds(1), null)).isEqualTo(1);
        assertThat(queries.forgetBefore(T0.plusSeconds(1))).isEqualTo(4);
        assertThat(queries.countSince(AccountId.of("globex"), MIAMI, T0.minusSeconds(1), null)).isZero();
    }
}
