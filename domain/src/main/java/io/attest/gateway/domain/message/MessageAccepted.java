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
 */
public record MessageAccepted(MessageId messageId, AccountId accountId, PhoneNumber from, PhoneNumber to,
                              String text, TextEncoding encoding, int segments, CampaignId campaignId, UseCase useCase,
                              MessagePurpose purpose, Instant decidedAt, Instant validUntil) implements MessageEvent {
}
