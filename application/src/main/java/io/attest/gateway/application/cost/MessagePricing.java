package io.attest.gateway.application.cost;

import io.attest.gateway.domain.campaign.CampaignStatus;
import io.attest.gateway.domain.compliance.SendFacts;
import io.attest.gateway.domain.cost.MessageCost;
import io.attest.gateway.domain.cost.RateCard;
import io.attest.gateway.domain.cost.TrafficClass;
import io.attest.gateway.domain.number.NumberType;
import io.attest.gateway.domain.shared.PhoneNumber;

import java.time.Instant;
import java.util.function.Function;

/**
 * Prices messages from the rate card in force, the recipient's carrier and the sender's traffic class: the estimate
 * when a message is accepted (for the route expected to take it), the charge of an inbound message.
 */
public class MessagePricing {

    private final RateCards cards;
    private final CarrierTable carriers;
    private final Function<String, String> expectedConnection;

    /** @param expectedConnection the carrier connection a destination (E.164) is expected to go through; null for none */
    public MessagePricing(RateCards cards, CarrierTable carriers, Function<String, String> expectedConnection) {
        this.cards = cards;
        this.carriers = carriers;
        this.expectedConnection = expectedConnection;
    }

    public RateCards cards() {
        return cards;
    }

    /** What a message of {@code segments} to {@code to} is expected to cost, decided on these facts, at {@code at}. */
    public MessageCost estimate(SendFacts facts, PhoneNumber to, int segments, Instant at) {
        return cards.inForce(at).outbound(expectedConnection.apply(to.e164()), carriers.carrierOf(to),
                classOf(facts.number(), facts.campaign()), segments);
    }

    /** What an inbound message from {@code from} to a number of this type costs its account at {@code at}. */
    public MessageCost inbound(PhoneNumber from, NumberType receivingNumber, boolean campaignActive, Instant at) {
        return cards.inForce(at).inbound(carriers.carrierOf(from), classOf(receivingNumber, campaignActive));
    }

    public RateCard cardAt(Instant at) {
        return cards.inForce(at);
    }

    static TrafficClass classOf(SendFacts.SenderNumberFacts number, SendFacts.CampaignFacts campaign) {
        return classOf(number == null ? null : number.type(),
                campaign != null && campaign.status() == CampaignStatus.ACTIVE);
    }

    static TrafficClass classOf(NumberType type, boolean campaignActive) {
        if (type == NumberType.TOLL_FREE) {
            return TrafficClass.TOLL_FREE;
        }
        if (type == NumberType.SHORT_CODE) {
            return TrafficClass.SHORT_CODE;
        }
        return type == NumberType.LONG_CODE && campaignActive ? TrafficClass.REGISTERED_10DLC
                : TrafficClass.UNREGISTERED_10DLC;
    }
}
