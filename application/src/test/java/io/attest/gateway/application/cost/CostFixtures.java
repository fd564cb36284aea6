package io.attest.gateway.application.cost;

import io.attest.gateway.domain.cost.CarrierFees;
import io.attest.gateway.domain.cost.RateCard;
import io.attest.gateway.domain.cost.TrafficClass;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Currency;
import java.util.EnumMap;
import java.util.Map;

final class CostFixtures {

    static final Currency USD = Currency.getInstance("USD");

    private CostFixtures() {
    }

    static RateCard card(Instant from, String perSegment) {
        Map<TrafficClass, BigDecimal> sms = new EnumMap<>(TrafficClass.class);
        for (TrafficClass c : TrafficClass.values()) {
            sms.put(c, new BigDecimal("0.0035"));
        }
        CarrierFees fees = new CarrierFees(sms, Map.of(), BigDecimal.ZERO);
        return new RateCard(from, USD, new BigDecimal(perSegment), Map.of(), new BigDecimal("0.0040"),
                Map.of("AT&T", fees), fees, BigDecimal.ONE, BigDecimal.TEN, "test");
    }

    /** A clock a test moves. */
    static final class MovingClock extends Clock {
        private Instant now;

        MovingClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
