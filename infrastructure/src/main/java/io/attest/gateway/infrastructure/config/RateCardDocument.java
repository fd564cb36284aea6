package io.attest.gateway.infrastructure.config;

import io.attest.gateway.domain.cost.CarrierFees;
import io.attest.gateway.domain.cost.RateCard;
import io.attest.gateway.domain.cost.TrafficClass;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A rate card as JSON, the same in the API, in the database and in the built-in card's file. Amounts are decimal
 * strings ({@code "0.0035"}), never binary fractions.
 */
public record RateCardDocument(Instant effectiveFrom, String currency, String source, Outbound outbound,
                               Inbound inbound, Map<String, Fees> carrierFees, Fees unknownCarrierFees,
                               Monthly monthly) {

    /** @param byConnection the price per segment of the carrier connections that have their own, by name */
    public record Outbound(String perSegment, Map<String, String> byConnection) {
    }

    public record Inbound(String perMessage) {
    }

    /** @param sms per segment by traffic class; mms per message by traffic class; inboundSms per message */
    public record Fees(Map<TrafficClass, String> sms, Map<TrafficClass, String> mms, String inboundSms) {
    }

    public record Monthly(String number, String campaign) {
    }

    /** @throws InvalidInputException naming what is missing or malformed */
    public RateCard toCard(Instant defaultEffectiveFrom) {
        try {
            if (outbound == null || inbound == null || unknownCarrierFees == null || monthly == null) {
                throw new IllegalArgumentException("outbound, inbound, unknownCarrierFees and monthly are required");
            }
            if (currency == null) {
                throw new IllegalArgumentException("currency is required (ISO 4217, such as USD)");
            }
            Map<String, BigDecimal> byConnection = new LinkedHashMap<>();
            if (outbound.byConnection() != null) {
                outbound.byConnection().forEach((name, price) -> byConnection.put(name,
                        amount(price, "outbound.byConnection." + name)));
            }
            Map<String, CarrierFees> fees = new LinkedHashMap<>();
            if (carrierFees != null) {
                carrierFees.forEach((carrier, f) -> fees.put(carrier, fees(f, "carrierFees." + carrier)));
            }
            return new RateCard(effectiveFrom != null ? effectiveFrom : defaultEffectiveFrom,
                    Currency.getInstance(currency), amount(outbound.perSegment(), "outbound.perSegment"), byConnection,
                    amount(inbound.perMessage(), "inbound.perMessage"), fees,
                    fees(unknownCarrierFees, "unknownCarrierFees"), amount(monthly.number(), "monthly.number"),
                    amount(monthly.campaign(), "monthly.campaign"), source);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidInputException(ErrorCode.INVALID_RATE_CARD, "the rate card is not valid: "
                    + e.getMessage());
        }
    }

    private static CarrierFees fees(Fees fees, String name) {
        if (fees == null || fees.sms() == null) {
            throw new IllegalArgumentException(name + ".sms is required");
        }
        Map<TrafficClass, BigDecimal> sms = new EnumMap<>(TrafficClass.class);
        fees.sms().forEach((c, fee) -> sms.put(c, amount(fee, name + ".sms." + c)));
        Map<TrafficClass, BigDecimal> mms = new EnumMap<>(TrafficClass.class);
        if (fees.mms() != null) {
            fees.mms().forEach((c, fee) -> mms.put(c, amount(fee, name + ".mms." + c)));
        }
        return new CarrierFees(sms, mms, fees.inboundSms() == null ? BigDecimal.ZERO
                : amount(fees.inboundSms(), name + ".inboundSms"));
    }

    private static BigDecimal amount(String text, String name) {
        if (text == null) {
            throw new IllegalArgumentException(name + " is required");
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " is a decimal amount such as \"0.0035\", not \"" + text + "\"");
        }
    }

    public static RateCardDocument of(RateCard card) {
        Map<String, Fees> fees = new TreeMap<>();
        card.carrierFees().forEach((carrier, f) -> fees.put(carrier, fees(f)));
        Map<String, String> byConnection = new TreeMap<>();
        card.outboundByConnection().forEach((name, price) -> byConnection.put(name, price.toPlainString()));
        return new RateCardDocument(card.effectiveFrom(), card.currency().getCurrencyCode(), card.source(),
                new Outbound(card.outboundPerSegment().toPlainString(), byConnection),
                new Inbound(card.inboundPerMessage().toPlainString()), fees, fees(card.unknownCarrierFees()),
                new Monthly(card.numberMonthly().toPlainString(), card.campaignMonthly().toPlainString()));
    }

    private static Fees fees(CarrierFees fees) {
        Map<TrafficClass, String> sms = new EnumMap<>(TrafficClass.class);
        fees.sms().forEach((c, fee) -> sms.put(c, fee.toPlainString()));
        Map<TrafficClass, String> mms = new EnumMap<>(TrafficClass.class);
        fees.mms().forEach((c, fee) -> mms.put(c, fee.toPlainString()));
        return new Fees(sms, mms, fees.inboundSms().toPlainString());
    }
}
