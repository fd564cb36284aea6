package io.attest.gateway.domain.message;

import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;

import java.time.Instant;

/**
 * The gateway took responsibility for a message. Stored before the client hears back; always followed,
 * in the same transaction, by the compliance decision (cleared, held or blocked).
 *
 * @param webhookUrl where this message's events are delivered instead of the account's webhook endpoints;
 *                   null for the account's endpoints
 * @param estimate   what the message is expected to cost, by the rate card in force at acceptance; null in events
 *                   recorded before messages were priced
 */
public record MessageAccepted(MessageId messageId, AccountId accountId, PhoneNumber from, PhoneNumber to,
                              String text, TextEncoding encoding, int segments, CampaignId campaignId, UseCase useCase,
                              MessagePurpose purpose, Instant decidedAt, Instant validUntil, String webhookUrl,
                              io.attest.gateway.domain.cost.MessageCost estimate)
        implements MessageEvent {

    public MessageAccepted(MessageId messageId, AccountId accountId, PhoneNumber from, PhoneNumber to, String text,
                           TextEncoding encoding, int segments, CampaignId campaignId, UseCase useCase,
                           MessagePurpose purpose, Instant decidedAt, Instant validUntil, String webhookUrl) {
        this(messageId, accountId, from, to, text, encoding, segments, campaignId, useCase, purpose, decidedAt,
                validUntil, webhookUrl, null);
    }

    /** A message whose events go to the account's webhook endpoints. */
    public MessageAccepted(MessageId messageId, AccountId accountId, PhoneNumber from, PhoneNumber to, String text,
                           TextEncoding encoding, int segments, CampaignId campaignId, UseCase useCase,
                           MessagePurpose purpose, Instant decidedAt, Instant validUntil) {
        this(messageId, accountId, from, to, text, encoding, segments, campaignId, useCase, purpose, decidedAt,
                validUntil, null, null);
    }
}
