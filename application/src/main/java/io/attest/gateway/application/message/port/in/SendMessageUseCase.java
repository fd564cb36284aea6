package io.attest.gateway.application.message.port.in;

import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.compliance.ComplianceDecision;
import io.attest.gateway.domain.message.MessageContent;
import io.attest.gateway.domain.message.MessageId;
import io.attest.gateway.domain.message.MessageStatus;
import io.attest.gateway.domain.message.TextEncoding;
import io.attest.gateway.domain.shared.AccountId;

/** An API client asks the gateway to send one text message, or asks what would happen if it did. */
public interface SendMessageUseCase {

    /**
     * Validates the message, lets the send policy decide, and records both; stored in the event store
     * before this returns. A blocked message is recorded too, and never reaches a carrier.
     *
     * @throws io.attest.gateway.domain.shared.InvalidInputException when a field is malformed
     */
    AcceptedMessage send(SendMessage request);

    /** The decision, encoding and segments the message would get now, without sending or recording it. */
    DryRun dryRun(SendMessage request);

    /**
     * @param campaignId the campaign to send through; null to use the sender number's campaign
     * @param messageId  the id to give the message (an idempotent retry reuses it), or null for a new one
     * @param webhookUrl where this message's events go instead of the account's webhook endpoints, or null
     * @param validFor   how long the message may still be submitted after its acceptance (after its sendAt, when it
     *                   has one); null for the default
     * @param sendAt     when to send it, within the scheduling horizon; null to send now
     */
    record SendMessage(AccountId accountId, String from, String to, String text, CampaignId campaignId,
                       MessageId messageId, String webhookUrl, java.time.Duration validFor, java.time.Instant sendAt) {

        public SendMessage(AccountId accountId, String from, String to, String text, CampaignId campaignId,
                           MessageId messageId, String webhookUrl, java.time.Duration validFor) {
            this(accountId, from, to, text, campaignId, messageId, webhookUrl, validFor, null);
        }

        public SendMessage(AccountId accountId, String from, String to, String text, CampaignId campaignId,
                           MessageId messageId, String webhookUrl) {
            this(accountId, from, to, text, campaignId, messageId, webhookUrl, null, null);
        }

        public SendMessage(AccountId accountId, String from, String to, String text, CampaignId campaignId) {
            this(accountId, from, to, text, campaignId, null, null, null, null);
        }

        public SendMessage(AccountId accountId, String from, String to, String text, CampaignId campaignId,
                           MessageId messageId) {
            this(accountId, from, to, text, campaignId, messageId, null, null, null);
        }
    }

    /**
     * @param estimate     what the message is expected to cost; null when messages are not priced
     * @param spendRefusal why it was blocked by the account's spend limit (the decision's rule is then
     *                     {@code spend.limit}); null otherwise
     */
    record AcceptedMessage(MessageId messageId, MessageStatus status, TextEncoding encoding, int segments,
                           ComplianceDecision decision, io.attest.gateway.domain.cost.MessageCost estimate,
                           io.attest.gateway.application.cost.SpendLimitReachedException spendRefusal) {

        public AcceptedMessage(MessageId messageId, MessageStatus status, TextEncoding encoding, int segments,
                               ComplianceDecision decision) {
            this(messageId, status, encoding, segments, decision, null, null);
        }
    }

    /** @param estimate what the message would cost now; null when messages are not priced */
    record DryRun(ComplianceDecision decision, MessageContent content, CampaignId campaignId,
                  io.attest.gateway.domain.cost.MessageCost estimate) {

        public DryRun(ComplianceDecision decision, MessageContent content, CampaignId campaignId) {
            this(decision, content, campaignId, null);
        }
    }
}
