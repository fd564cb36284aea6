package io.attest.gateway.domain.cost;

import java.math.BigDecimal;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one recipient carrier charges on top of the route's price: per outbound SMS segment and per MMS message, by
 * traffic class, and per inbound SMS (some carriers charge mobile-originated messages too).
 *
 * @param sms        the fee per outbound SMS segment, by traffic class; every class has one
 * @param mms        the fee per outbound MMS message, by traffic class (the gateway sends no MMS yet; the card keeps
 *                   them so a forecast can)
 * @param inboundSms the fee per inbound SMS
 */
public record CarrierFees(Map<TrafficClass, BigDecimal> sms, Map<TrafficClass, BigDecimal> mms, BigDecimal inboundSms) {

    public CarrierFees {
        Objects.requireNonNull(sms, "sms fees");
        for (TrafficClass trafficClass : TrafficClass.values()) {
            if (sms.get(trafficClass) == null) {
                throw new IllegalArgumentException("an SMS fee for every traffic class is required; " + trafficClass
                        + " has none");
            }
        }
        sms = copy(sms);
        mms = mms == null ? Map.of() : copy(mms);
        inboundSms = inboundSms == null ? BigDecimal.ZERO : inboundSms;
        RateCard.requireAmount(inboundSms, "inboundSms");
        sms.forEach((c, fee) -> RateCard.requireAmount(fee, "sms." + c));
        mms.forEach((c, fee) -> RateCard.requireAmount(fee, "mms." + c));
    }

    private static Map<TrafficClass, BigDecimal> copy(Map<TrafficClass, BigDecimal> fees) {
        return fees.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(fees));
    }

    public BigDecimal smsFee(TrafficClass trafficClass) {
        return sms.get(trafficClass);
    }
}
