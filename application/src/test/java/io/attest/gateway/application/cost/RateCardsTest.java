package io.attest.gateway.application.cost;

import io.attest.gateway.application.cost.port.out.RateCardStorePort;
import io.attest.gateway.domain.cost.RateCard;
import io.attest.gateway.domain.shared.InvalidInputException;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.attest.gateway.application.cost.CostFixtures.card;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateCardsTest {

    static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

    /** The cards every node shares, as the database keeps them. */
    static final class SharedStore implements RateCardStorePort {
        final List<RateCard> cards = new ArrayList<>();
        int reads;

        @Override
        public List<RateCard> all() {
            reads++;
            return List.copyOf(cards);
        }

        @Override
        public boolean add(RateCard card, String recordedBy) {
            if (cards.stream().anyMatch(c -> c.effectiveFrom().equals(card.effectiveFrom()))) {
                return false;
            }
            cards.add(card);
            return true;
        }
    }

    final SharedStore store = new SharedStore();
    final CostFixtures.MovingClock clock = new CostFixtures.MovingClock(NOW);
    final RateCards cards = new RateCards(card(NOW, "0.0040"), store, clock, Duration.ofSeconds(30),
            Duration.ofMinutes(1));

    @Test
    void aCardAppliesFromItsDateUntilTheNextOnesAndTheBuiltInOneBeforeAll() {
        Instant first = NOW.plus(Duration.ofHours(1));
        Instant second = NOW.plus(Duration.ofHours(2));
        cards.add(card(second, "0.0060"), "operator");
        cards.add(card(first, "0.0050"), "operator");

        assertThat(cards.inForce(NOW).outboundPerSegment()).isEqualByComparingTo("0.0040");
        assertThat(cards.inForce(NOW).effectiveFrom()).isEqualTo(Instant.EPOCH);
        assertThat(cards.inForce(first.minusMillis(1)).outboundPerSegment()).isEqualByComparingTo("0.0040");
        assertThat(cards.inForce(first).outboundPerSegment()).isEqualByComparingTo("0.0050");
        assertThat(cards.inForce(second.minusMillis(1)).outboundPerSegment()).isEqualByComparingTo("0.0050");
        assertThat(cards.inForce(second.plus(Duration.ofDays(400))).outboundPerSegment()).isEqualByComparingTo("0.0060");
        assertThat(cards.all()).extracting(RateCard::effectiveFrom).containsExactly(Instant.EPOCH, first, second);
    }

    @Test
    void aCardIsAddedAheadOfItsDateInTheGatewaysCurrencyAndNeverTwiceForOneDate() {
        assertThatThrownBy(() -> cards.add(card(NOW.plusSeconds(59), "0.01"), "operator"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("60 s ahead");
        RateCard euros = new RateCard(NOW.plus(Duration.ofHours(1)), java.util.Currency.getInstance("EUR"),
                new BigDecimal("0.01"), Map.of(), BigDecimal.ZERO, Map.of(), card(NOW, "0").unknownCarrierFees(),
                BigDecimal.ZERO, BigDecimal.ZERO, null);
        assertThatThrownBy(() -> cards.add(euros, "operator")).hasMessageContaining("prices in USD");
        cards.add(card(NOW.plus(Duration.ofHours(1)), "0.01"), "operator");
        assertThatThrownBy(() -> cards.add(card(NOW.plus(Duration.ofHours(1)), "0.02"), "operator"))
                .hasMessageContaining("stored already");
    }

    @Test
    void anotherNodesCardIsReadWithinTheRefreshAndPricingReadsNoTableMeanwhile() {
        cards.inForce(NOW);
        int reads = store.reads;
        Instant from = NOW.plus(Duration.ofMinutes(2));
        store.add(card(from, "0.0070"), "another node");

        clock.advance(Duration.ofSeconds(29));
        for (int i = 0; i < 1000; i++) {
            cards.inForce(clock.instant());
        }
        assertThat(store.reads).isEqualTo(reads); // from memory
        assertThat(cards.inForce(from).outboundPerSegment()).isEqualByComparingTo("0.0040"); // not read yet

        clock.advance(Duration.ofSeconds(2));
        assertThat(cards.inForce(from).outboundPerSegment()).isEqualByComparingTo("0.0070"); // before its date
    }

    @Test
    void theNoticeCoversTheRefresh() {
        assertThatThrownBy(() -> new RateCards(card(NOW, "0"), store, clock, Duration.ofMinutes(2), Duration.ofMinutes(1)))
                .hasMessageContaining("rate-card-notice");
    }
}
