package io.attest.gateway.application.message;

import io.attest.gateway.application.message.port.in.GetMessageQuery;
import io.attest.gateway.application.message.port.in.MessageView;
import io.attest.gateway.application.message.port.in.MessageView.TimelineEntry;
import io.attest.gateway.application.message.port.out.MessageReadModelPort;
import io.attest.gateway.application.webhook.port.out.WebhookStorePort;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.shared.AccountId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A message with its timeline: its own events, and every attempt to deliver them to a webhook, in time order. */
public class GetMessageService implements GetMessageQuery {

    private final MessageReadModelPort readModel;
    private final WebhookStorePort webhooks;

    public GetMessageService(MessageReadModelPort readModel, WebhookStorePort webhooks) {
        this.readModel = readModel;
        this.webhooks = webhooks;
    }

    @Override
    public Optional<MessageView> find(AccountId accountId, MessageId messageId) {
        return readModel.load(accountId, messageId).map(view -> withWebhookAttempts(accountId, view));
    }

    private MessageView withWebhookAttempts(AccountId account, MessageView view) {
        var attempts = webhooks.attemptsForMessage(account, view.messageId());
        if (attempts.isEmpty()) {
            return view;
        }
        List<TimelineEntry> merged = new ArrayList<>(view.timeline());
        for (var attempt : attempts) {
            merged.add(new TimelineEntry(-1, null, "WebhookAttempt", attempt.attemptedAt(), null,
                    attempt.eventType() + " to " + attempt.url() + ": "
                            + (attempt.statusCode() == null ? "no answer" : "HTTP " + attempt.statusCode())
                            + " in " + attempt.latencyMillis() + " ms, " + attempt.outcome()
                            + (attempt.error() == null ? "" : " (" + attempt.error() + ")"),
                    new MessageView.WebhookAttempt(attempt.deliveryId(), attempt.attempt(), attempt.eventType(),
                            attempt.eventId(), attempt.url(), attempt.statusCode(), attempt.latencyMillis(),
                            attempt.error(), attempt.outcome())));
        }
        // stable: a message's own steps keep their order; an attempt comes after the step it reports
        merged.sort(Comparator.comparing(TimelineEntry::occurredAt));
        List<TimelineEntry> timeline = new ArrayList<>(merged.size());
        MessageStatus status = MessageStatus.ACCEPTED;
        for (TimelineEntry entry : merged) {
            if (entry.webhook() == null) {
                status = entry.status();
                timeline.add(entry);
            } else {
                timeline.add(new TimelineEntry(entry.sequence(), status, entry.event(), entry.occurredAt(), null,
                        entry.detail(), entry.webhook()));
            }
        }
        return new MessageView(view.messageId(), view.accountId(), view.from(), view.to(), view.encoding(),
                view.segments(), view.status(), view.carrierMessageId(), view.acceptedAt(), view.updatedAt(), timeline,
                view.estimatedCost(), view.charged());
    }
}
