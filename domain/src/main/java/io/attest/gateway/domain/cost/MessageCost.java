package io.attest.gateway.domain.cost;

import java.time.Instant;
import java.util.Objects;

/**
 * The price of one message and how it was reached: the estimate when the message is accepted, and the charge when
 * the carrier takes it. {@code total = (perSegment + carrierFee) × segments}.
 *
 * @param rateCard   the effective date of the rate card that priced it
 * @param connection the carrier connection (route) priced: the one expected at acceptance, the one taken when charged;
 *                   null when none is configured for the destination
 * @param carrier    the recipient's carrier, as the carrier lookup knows it; null when unknown (the card's fees for an
 *                   unknown carrier apply)
 * @param segments   the segments priced (an inbound message counts as one)
 * @param perSegment the route's price per segment (per message for inbound)
 * @param carrierFee the carrier's pass-through fee per segment (per message for inbound)
 */
public record MessageCost(Instant rateCard, String connection, String carrier, TrafficClass trafficClass,
                          int segments, Money perSegment, Money carrierFee, Money total) {

    public MessageCost {
        Objects.requireNonNull(rateCard, "rate card");
        Objects.requireNonNull(trafficClass, "traffic class");
        Objects.requireNonNull(total, "total");
        if (segments < 1) {
            throw new IllegalArgumentException("a priced message has at least one segment");
        }
        if (!perSegment.plus(carrierFee).times(segments).equals(total)) {
            throw new IllegalArgumentException("total " + total + " is not (" + perSegment + " + " + carrierFee + ") × "
                    + segments);
        }
    }

    /** In words, for the timeline and the audit trail. */
    public String describe() {
        return total + " = " + segments + (segments == 1 ? " segment" : " segments") + " × (" + perSegment.plain()
                + (connection == null ? "" : " via " + connection) + " + " + carrierFee.plain() + " "
                + (carrier == null ? "unknown carrier" : carrier) + " " + trafficClass.name().toLowerCase(
                java.util.Locale.ROOT).replace('_', ' ') + " fee), "
                + (Instant.EPOCH.equals(rateCard) ? "the built-in rate card" : "rate card of " + rateCard);
    }
}
