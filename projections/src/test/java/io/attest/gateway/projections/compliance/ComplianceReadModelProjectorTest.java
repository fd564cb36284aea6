package io.attest.gateway.projections.compliance;

import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageBlocked;
import io.attest.gateway.domain.message.MessageCleared;
import io.attest.gateway.domain.message.MessageHeld;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageReleased;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import io.attest.gateway.projections.TestDatabase;
import org.jooq.DSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Marketing counts and holds on a real PostgreSQL. */
class ComplianceReadModelProjectorTest {

    private static final CampaignId PROMOS = CampaignId.of("acme-promos");
    private static final PhoneNumber MIAMI = PhoneNumber.of("+13055550123");
    private static final Instant T0 = Instant.parse("2026-11-25T15:00:00Z");

    private static TestDatabase database;
    private static DSLContext db;
    private ComplianceReadModelProjector projector;
    private ComplianceReadModelQueries queries;

    @BeforeAll
    static void startDatabase() throws IOException {
        database = TestDatabase.start();
        db = database.db;
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        database.close();
    }

    @BeforeEach
    void empty() {
        db.execute("TRUNCATE marketing_send, held_message");
        projector = new ComplianceReadModelProjector(db);
        queries = new ComplianceReadModelQueries(db);
    }

    private static MessageAccepted accepted(String id, UseCase useCase, MessagePurpose purpose) {
        return new MessageAccepted(MessageId.of(id), AccountId.of("acme"), PhoneNumber.of("+15551234568"), MIAMI,
                "Sale!", TextEncoding.GSM_7, 1, PROMOS, useCase, purpose, null, T0.plusSeconds(86_400));
    }

    @Test
    void countsMarketingLetGoOrHeldButNotBlockedNorInformationalNorReplies() {
        projector.on(accepted("m1", UseCase.MARKETING, MessagePurpose.CLIENT), T0);
        projector.on(new MessageCleared(MessageId.of("m1"), List.of(), "in"));
        projector.on(accepted("m2", UseCase.MARKETING, MessagePurpose.CLIENT), T0.plusSeconds(60));
        projector.on(new MessageHeld(MessageId.of("m2"), "quiet-hours.state", T0.plusSeconds(3600), "r", "in"));
        projector.on(accepted("m3", UseCase.MARKETING, MessagePurpose.CLIENT), T0.plusSeconds(120));
        projector.on(new MessageBlocked(MessageId.of("m3"), "frequency.state-cap", "r", "in"));
        projector.on(accepted("m4", UseCase.ACCOUNT_NOTIFICATION, MessagePurpose.CLIENT), T0);
        projector.on(new MessageCleared(MessageId.of("m4"), List.of(), "in"));
        projector.on(accepted("m5", UseCase.MARKETING, MessagePurpose.HELP_REPLY), T0);
        projector.on(new MessageCleared(MessageId.of("m5"), List.of(), "in"));

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
}
