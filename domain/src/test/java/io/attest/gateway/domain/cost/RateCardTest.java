package io.attest.gateway.domain.cost;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Currency;
import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class RateCardTest {

    static final Currency USD = Currency.getInstance("USD");

    static CarrierFees fees(String sms, String inbound) {
        Map<TrafficClass, BigDecimal> byClass = new EnumMap<>(TrafficClass.class);
        for (TrafficClass c : TrafficClass.values()) {
            byClass.put(c, new BigDecimal(sms));
        }
        byClass.put(TrafficClass.UNREGISTERED_10DLC, new BigDecimal(sms).add(new BigDecimal("0.001")));
        return new CarrierFees(byClass, Map.of(), new BigDecimal(inbound));
    }

    public static RateCard card() {
        return new RateCard(Instant.parse("2026-12-01T00:00:00Z"), USD, new BigDecimal("0.0040"),
                Map.of("smsc-b", new BigDecimal("0.0031")), new BigDecimal("0.0020"),
                Map.of("AT&T", fees("0.0035", "0"), "T-Mobile", fees("0.0045", "0.0025")), fees("0.0050", "0.0010"),
                new BigDecimal("1.00"), new BigDecimal("10.00"), "test");
    }

    @Test
    void anOutboundMessageCostsTheRoutesPriceAndTheCarriersFeePerSegment() {
        MessageCost cost = card().outbound("smsc-b", "AT&T", TrafficClass.REGISTERED_10DLC, 3);

        assertThat(cost.total()).isEqualTo(Money.of("0.0198", "USD")); // 3 × (0.0031 + 0.0035)
        assertThat(cost.perSegment()).isEqualTo(Money.of("0.0031", "USD"));
        assertThat(cost.carrierFee()).isEqualTo(Money.of("0.0035", "USD"));
        assertThat(cost.describe()).contains("3 segments", "via smsc-b", "AT&T registered 10dlc fee");
    }

    @Test
    void aConnectionWithoutItsOwnPriceAndAnUnknownCarrierTakeTheCardsDefaults() {
        MessageCost cost = card().outbound("smsc-a", "Some MVNO", TrafficClass.UNREGISTERED_10DLC, 1);

        assertThat(cost.total()).isEqualTo(Money.of("0.0100", "USD")); // 0.0040 + (0.0050 + 0.001)
        assertThat(cost.carrier()).isEqualTo("Some MVNO");
    }

    @Test
    void anInboundMessageCostsTheInboundPriceAndTheCarriersMobileOriginatedFee() {
        assertThat(card().inbound("T-Mobile", TrafficClass.REGISTERED_10DLC).total()).isEqualTo(Money.of("0.0045", "USD"));
        assertThat(card().inbound("AT&T", TrafficClass.REGISTERED_10DLC).total()).isEqualTo(Money.of("0.0020", "USD"));
    }

    @Test
    void aMillionChargesAddUpExactly() {
        Money perMessage = card().outbound(null, "AT&T", TrafficClass.REGISTERED_10DLC, 1).total(); // 0.0075
        Money sum = Money.zero(USD);
        for (int i = 0; i < 1_000_000; i++) {
            sum = sum.plus(perMessage);
        }
        assertThat(sum).isEqualTo(Money.of("7500", "USD"));
        assertThat(sum.plain()).isEqualTo("7500.0000");
        double drifting = 0;
        for (int i = 0; i < 1_000_000; i++) {
            drifting += 0.0075;
        }
        assertThat(drifting).isNotEqualTo(7500.0); // what doubles would have done
    }

    @Test
    void cardsAndAmountsRefuseWhatCannotBeAPrice() {
        assertThatThrownBy(() -> Money.of("0.0000001", "USD")).hasMessageContaining("at most 6 decimal places");
        assertThatThrownBy(() -> Money.of("1", "USD").plus(Money.of("1", "EUR"))).hasMessageContaining("USD with EUR");
        assertThatThrownBy(() -> new RateCard(Instant.EPOCH, USD, new BigDecimal("-0.01"), Map.of(), BigDecimal.ZERO,
                Map.of(), fees("0", "0"), BigDecimal.ZERO, BigDecimal.ZERO, null))
                .hasMessageContaining("outbound.perSegment is 0 or more");
        assertThatThrownBy(() -> new CarrierFees(Map.of(TrafficClass.TOLL_FREE, BigDecimal.ONE), Map.of(), null))
                .hasMessageContaining("every traffic class");
    }
}
