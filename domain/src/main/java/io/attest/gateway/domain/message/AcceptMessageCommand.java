package io.attest.gateway.domain.message;

import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.compliance.ComplianceDecision;
import io.attest.gateway.domain.compliance.MessagePurpose;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * Accept a message together with the send policy's decision on it, so the decision is recorded with the
 * message in one step.
 *
 * @param campaignId the campaign the message goes through (null only when none could be determined)
 * @param useCase    that campaign's use case (null with it)
 * @param decidedAt  when the send policy decided, by the gateway's clock (what caps and windows count)
 * @param validUntil after this moment the message is not submitted any more (it expires)
 * @param webhookUrl where the message's events go instead of the account's endpoints; null for those
 * @param sendAt     when the client wants it sent: the message is scheduled until then, and decided again then;
 *                   null to send now
 * @param estimate   what the message is expected to cost; null when it is not priced
 */
public record AcceptMessageCommand(@TargetAggregateIdentifier MessageId messageId, AccountId accountId,
                                   PhoneNumber from, PhoneNumber to, MessageContent content, CampaignId campaignId,
                                   UseCase useCase, MessagePurpose purpose, ComplianceDecision decision,
                                   Instant decidedAt, Instant validUntil, String webhookUrl, Instant sendAt,
                                   io.attest.gateway.domain.cost.MessageCost estimate) {

    public AcceptMessageCommand(MessageId messageId, AccountId accountId, PhoneNumber from, PhoneNumber to,
                                MessageContent content, CampaignId campaignId, UseCase useCase, MessagePurpose purpose,
                                ComplianceDecision decision, Instant decidedAt, Instant validUntil, String webhookUrl,
                                Instant sendAt) {
        this(messageId, accountId, from, to, content, campaignId, useCase, purpose, decision, decidedAt, validUntil,
                webhookUrl, sendAt, null);
    }

    public AcceptMessageCommand(MessageId messageId, AccountId accountId, PhoneNumber from, PhoneNumber to,
                                MessageContent content, CampaignId campaignId, UseCase useCase, MessagePurpose purpose,
                                ComplianceDecision decision, Instant decidedAt, Instant validUntil, String webhookUrl) {
        this(messageId, accountId, from, to, content, campaignId, useCase, purpose, decision, decidedAt, validUntil,
                webhookUrl, null);
    }

    public AcceptMessageCommand(MessageId messageId, AccountId accountId, PhoneNumber from, PhoneNumber to,
                                MessageContent content, CampaignId campaignId, UseCase useCase, MessagePurpose purpose,
                                ComplianceDecision decision, Instant decidedAt, Instant validUntil) {
        this(messageId, accountId, from, to, content, campaignId, useCase, purpose, decision, decidedAt, validUntil,
                null, null);
    }
}
