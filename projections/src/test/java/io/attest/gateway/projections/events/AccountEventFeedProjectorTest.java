package io.attest.gateway.projections.events;

import io.attest.gateway.application.events.port.in.EventFeedQuery.AccountFeedEvent;
import io.attest.gateway.application.events.port.in.EventFeedQuery.FeedEvent;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.domain.message.CarrierMessageId;
import io.attest.gateway.domain.message.MessageAccepted;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageSubmitted;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import io.attest.gateway.projections.TestDatabase;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Instant;

import static io.attest.gateway.projections.jooq.Tables.ACCOUNT_EVENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each account's event feed on a real PostgreSQL, fed one event at a time and in a processor's batches. */
class AccountEventFeedProjectorTest {

    private static final AccountId ACME = AccountId.of("acme");
    private static final AccountId GLOBEX = AccountId.of("globex");

    @RegisterExtension
    static final TestDatabase.PerClass database = TestDatabase.perClass();
    private final DSLContext db = database.db();
    private AccountEventFeedProjector projector;
    private AccountEventFeedQueries queries;

    @BeforeEach
    void emptyFeed() {
        db.deleteFrom(ACCOUNT_EVENT).execute();
        projector = new AccountEventFeedProjector(db, new io.attest.gateway.projections.support.PlainTexts());
        queries = new AccountEventFeedQueries(db, new io.attest.gateway.projections.support.PlainTexts());
    }

    private static MessageAccepted accepted(String id, AccountId account, String webhookUrl) {
        return new MessageAccepted(MessageId.of(id), account, PhoneNumber.of("+15551234567"),
                PhoneNumber.of("+15557654321"), "Hi", TextEncoding.GSM_7, 1, CampaignId.of("c"),
                UseCase.TWO_FACTOR_AUTHENTICATION, MessagePurpose.CLIENT, Instant.parse("2026-12-01T00:00:00Z"),
                Instant.parse("2026-12-02T00:00:00Z"), webhookUrl);
    }

    private void accept(MessageAccepted event) {
        projector.on(event, 0, GenericEventMessage.asEventMessage(event));
    }

    private void submit(String id) {
        MessageSubmitted event = new MessageSubmitted(MessageId.of(id), CarrierMessageId.of("c-" + id));
        projector.on(event, 2, GenericEventMessage.asEventMessage(event));
    }

    @Test
    void aBatchIsNumberedPerAccountWithoutGapsAndWrittenWhenItsUnitOfWorkCommits() {
        MessageAccepted first = accepted("a-1", ACME, null);
        EventMessage<?> firstMessage = GenericEventMessage.asEventMessage(first);
        projector.on(first, 0, firstMessage); // an earlier batch

        var batch = DefaultUnitOfWork.startAndGet(firstMessage);
        projector.on(first, 0, firstMessage); // redelivered: written once
        submit("a-1");                         // its account from the feed
        accept(accepted("a-2", ACME, "https://hooks.example.com/a-2"));
        submit("a-2");                         // its account from this batch
        accept(accepted("g-1", GLOBEX, null));
        assertThat(queries.after(ACME, 0, 10)).as("nothing is written before the batch commits").hasSize(1);
        batch.commit();

        assertThat(queries.after(ACME, 0, 10)).extracting(FeedEvent::position, FeedEvent::type, FeedEvent::messageId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, "message.accepted", "a-1"),
                        org.assertj.core.groups.Tuple.tuple(2L, "message.submitted", "a-1"),
                        org.assertj.core.groups.Tuple.tuple(3L, "message.accepted", "a-2"),
                        org.assertj.core.groups.Tuple.tuple(4L, "message.submitted", "a-2"));
        assertThat(queries.after(GLOBEX, 0, 10)).extracting(FeedEvent::position).containsExactly(1L);
        assertThat(queries.allAfter(0, 10)).extracting(AccountFeedEvent::accountId)
                .as("one gateway-wide order, the order the events came")
                .containsExactly("acme", "acme", "acme", "acme", "globex");
        assertThat(queries.allAfter(0, 10).get(3).messageWebhookUrl()).isEqualTo("https://hooks.example.com/a-2");
    }

    @Test
    void anEventOfAMessageNeverAcceptedFailsItsBatch() {
        var batch = DefaultUnitOfWork.startAndGet(GenericEventMessage.asEventMessage("batch"));
        accept(accepted("a-1", ACME, null));
        submit("ghost");

        assertThatThrownBy(batch::commit).isInstanceOf(IllegalStateException.class);
        assertThat(queries.after(ACME, 0, 10)).isEmpty();
    }
}
