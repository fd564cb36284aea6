package io.attest.gateway.application.cost.port.out;

import io.attest.gateway.domain.cost.RateCard;

import java.util.List;

/** The rate cards the operator stored, every node reading the same ones. A card is never changed once stored. */
public interface RateCardStorePort {

    /** Every stored card, oldest effective date first. */
    List<RateCard> all();

    /** Stores a card. @return false when a card with the same effective date is stored already (nothing changed) */
    boolean add(RateCard card, String recordedBy);
}
