package io.attest.gateway.application.compliance.port.out;

import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.shared.PhoneNumber;

import java.util.List;

/** The numbers that serve a campaign now, in a stable order. */
public interface CampaignNumbersPort {

    List<PhoneNumber> numbersOf(CampaignId campaign);
}
