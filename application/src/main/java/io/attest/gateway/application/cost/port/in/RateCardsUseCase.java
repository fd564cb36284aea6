package io.attest.gateway.application.cost.port.in;

import io.attest.gateway.domain.cost.RateCard;

import java.time.Instant;
import java.util.List;

/** The rate cards: read by every account, added by the operator. */
public interface RateCardsUseCase {

    /** The built-in card first (in force until the first stored one), then the stored cards by effective date. */
    List<RateCard> all();

    /** The card in force at a moment. */
    RateCard inForce(Instant at);

    /**
     * Adds a card that applies from its effective date on (not before now: a price already charged stays charged).
     *
     * @throws io.attest.gateway.domain.shared.InvalidInputException when its date is past, taken or its currency is
     *                                                               not the gateway's
     */
    void add(RateCard card, String recordedBy);
}
