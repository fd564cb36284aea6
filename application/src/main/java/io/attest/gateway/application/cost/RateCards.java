package io.attest.gateway.application.cost;

import io.attest.gateway.application.cost.port.in.RateCardsUseCase;
import io.attest.gateway.application.cost.port.out.RateCardStorePort;
import io.attest.gateway.domain.cost.RateCard;
import io.attest.gateway.domain.shared.ErrorCode;
import io.attest.gateway.domain.shared.InvalidInputException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The rate cards, kept in memory: pricing a message reads no table. The stored cards are read again when this node
 * adds one, and at least every {@code refresh} for the cards other nodes add, which is why a card takes effect no
 * earlier than that after it is added.
 */
public class RateCards implements RateCardsUseCase {

    private final RateCard builtIn;
    private final RateCardStorePort store;
    private final Clock clock;
    private final Duration refresh;
    private final Duration notice;
    private volatile Loaded loaded;

    private record Loaded(List<RateCard> cards, Instant at) {
    }

    /**
     * @param builtIn the card in force before the first stored one: its effective date is ignored (the epoch)
     * @param notice  how far ahead of its effective date a card must be added: at least {@code refresh}, so that every
     *                node has read it by then
     */
    public RateCards(RateCard builtIn, RateCardStorePort store, Clock clock, Duration refresh, Duration notice) {
        if (notice.compareTo(refresh) < 0) {
            throw new IllegalArgumentException("gateway.costs.rate-card-notice (" + notice
                    + ") is at least gateway.costs.rate-card-refresh (" + refresh + ")");
        }
        this.notice = notice;
        this.builtIn = new RateCard(Instant.EPOCH, builtIn.currency(), builtIn.outboundPerSegment(),
                builtIn.outboundByConnection(), builtIn.inboundPerMessage(), builtIn.carrierFees(),
                builtIn.unknownCarrierFees(), builtIn.numberMonthly(), builtIn.campaignMonthly(), builtIn.source());
        this.store = store;
        this.clock = clock;
        this.refresh = refresh;
    }

    public java.util.Currency currency() {
        return builtIn.currency();
    }

    @Override
    public List<RateCard> all() {
        List<RateCard> all = new ArrayList<>();
        all.add(builtIn);
        all.addAll(cards());
        return all;
    }

    @Override
    public RateCard inForce(Instant at) {
        RateCard inForce = builtIn;
        for (RateCard card : cards()) {
            if (card.effectiveFrom().isAfter(at)) {
                break;
            }
            inForce = card;
        }
        return inForce;
    }

    @Override
    public void add(RateCard card, String recordedBy) {
        Instant now = clock.instant();
        if (card.effectiveFrom().isBefore(now.plus(notice))) {
            throw new InvalidInputException(ErrorCode.INVALID_RATE_CARD, "effectiveFrom is " + card.effectiveFrom()
                    + "; a rate card applies from at least " + notice.toSeconds() + " s ahead (after " + now.plus(notice)
                    + "), so that every node prices with it from the same moment and no price already given changes");
        }
        if (!card.currency().equals(builtIn.currency())) {
            throw new InvalidInputException(ErrorCode.INVALID_RATE_CARD, "the gateway prices in "
                    + builtIn.currency() + "; a card in " + card.currency() + " is not accepted");
        }
        if (!store.add(card, recordedBy)) {
            throw new InvalidInputException(ErrorCode.INVALID_RATE_CARD, "a rate card effective from "
                    + card.effectiveFrom() + " is stored already; cards are never changed: add one with another date");
        }
        loaded = null;
    }

    private List<RateCard> cards() {
        Loaded now = loaded;
        Instant instant = clock.instant();
        if (now == null || now.at().plus(refresh).isBefore(instant)) {
            synchronized (this) {
                now = loaded;
                if (now == null || now.at().plus(refresh).isBefore(instant)) {
                    now = new Loaded(store.all().stream()
                            .sorted(java.util.Comparator.comparing(RateCard::effectiveFrom)).toList(), instant);
                    loaded = now;
                }
            }
        }
        return now.cards();
    }
}
