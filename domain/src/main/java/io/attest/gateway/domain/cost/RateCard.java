package io.attest.gateway.domain.cost;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.Map;
import java.util.Objects;

/**
 * What messages cost from a moment on: the gateway's price per segment (per carrier connection, or the default), per
 * inbound message, the recipient carriers' pass-through fees, and the monthly fees of numbers and campaigns. A card
 * applies from {@code effectiveFrom} until the next card's; a message keeps the price it was charged.
 *
 * @param outboundByConnection the price per outbound segment of the connections that have their own
 * @param carrierFees          each carrier's fees, by the name the carrier lookup gives it
 * @param unknownCarrierFees   the fees when the recipient's carrier is not known
 * @param source               where the carrier fees come from, in words
 */
public record RateCard(Instant effectiveFrom, Currency currency, BigDecimal outboundPerSegment,
                       Map<String, BigDecimal> outboundByConnection, BigDecimal inboundPerMessage,
                       Map<String, CarrierFees> carrierFees, CarrierFees unknownCarrierFees, BigDecimal numberMonthly,
                       BigDecimal campaignMonthly, String source) {

    public RateCard {
        Objects.requireNonNull(effectiveFrom, "effectiveFrom");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(unknownCarrierFees, "unknownCarrierFees");
        requireAmount(outboundPerSegment, "outbound.perSegment");
        requireAmount(inboundPerMessage, "inbound.perMessage");
        requireAmount(numberMonthly, "monthly.number");
        requireAmount(campaignMonthly, "monthly.campaign");
        outboundByConnection = outboundByConnection == null ? Map.of() : Map.copyOf(outboundByConnection);
        outboundByConnection.forEach((connection, price) -> requireAmount(price, "outbound.byConnection." + connection));
        carrierFees = carrierFees == null ? Map.of() : Map.copyOf(carrierFees);
        source = source == null ? "" : source;
    }

    static void requireAmount(BigDecimal amount, String name) {
        if (amount == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        if (amount.signum() < 0) {
            throw new IllegalArgumentException(name + " is 0 or more, not " + amount.toPlainString());
        }
        if (amount.stripTrailingZeros().scale() > Money.SCALE) {
            throw new IllegalArgumentException(name + " has at most " + Money.SCALE + " decimal places: "
                    + amount.toPlainString());
        }
    }

    /**
     * The price of an outbound SMS.
     *
     * @param connection the carrier connection that takes (or is expected to take) it; null for the default price
     * @param carrier    the recipient's carrier; null when unknown
     */
    public MessageCost outbound(String connection, String carrier, TrafficClass trafficClass, int segments) {
        BigDecimal route = connection == null ? outboundPerSegment
                : outboundByConnection.getOrDefault(connection, outboundPerSegment);
        BigDecimal fee = feesOf(carrier).smsFee(trafficClass);
        return cost(connection, carrier, trafficClass, segments, route, fee);
    }

    /** The price of an inbound SMS from a subscriber of {@code carrier} (null when unknown). */
    public MessageCost inbound(String carrier, TrafficClass trafficClass) {
        return cost(null, carrier, trafficClass, 1, inboundPerMessage, feesOf(carrier).inboundSms());
    }

    private CarrierFees feesOf(String carrier) {
        CarrierFees fees = carrier == null ? null : carrierFees.get(carrier);
        return fees != null ? fees : unknownCarrierFees;
    }

    private MessageCost cost(String connection, String carrier, TrafficClass trafficClass, int segments,
                             BigDecimal perSegment, BigDecimal fee) {
        Money price = new Money(perSegment, currency);
        Money carrierFee = new Money(fee, currency);
        return new MessageCost(effectiveFrom, connection, carrier, trafficClass, segments, price, carrierFee,
                price.plus(carrierFee).times(segments));
    }
}
