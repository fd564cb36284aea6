package io.attest.gateway.infrastructure.config;

import io.attest.gateway.application.compliance.ComplianceRegistryService;
import io.attest.gateway.application.compliance.port.in.ComplianceRegistryUseCase.RegisterBrand;
import io.attest.gateway.application.compliance.port.in.ComplianceRegistryUseCase.RegisterCampaign;
import io.attest.gateway.domain.brand.BrandId;
import io.attest.gateway.domain.brand.EntityType;
import io.attest.gateway.domain.campaign.CampaignId;
import io.attest.gateway.domain.campaign.CampaignTerms;
import io.attest.gateway.domain.campaign.DecideCampaignCommand;
import io.attest.gateway.domain.campaign.UseCase;
import io.attest.gateway.domain.number.NumberType;
import io.attest.gateway.domain.shared.AccountId;
import io.attest.gateway.domain.shared.PhoneNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Demo registrations of the 'local' profile, so a first message can be sent at once: verified brands for
 * the accounts acme and globex, an active 2FA campaign each (and a marketing one for acme), and their
 * numbers. Created once, through the same use cases as the API, and so recorded as events like any other.
 * Consent is not seeded: recording it is part of the walk-through.
 */
@Component
@Profile("local")
class LocalDemoData implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(LocalDemoData.class);

    private final ComplianceRegistryService registry;

    LocalDemoData(ComplianceRegistryService registry) {
        this.registry = registry;
    }

    @Override
    public void run(ApplicationArguments args) {
        seed("acme", "Acme Corp", "+15551234567", "+15551234568");
        seed("globex", "Globex Corporation", "+15559876543", null);
    }

    private void seed(String account, String legalName, String otpNumber, String marketingNumber) {
        BrandId brand = BrandId.of(account + "-brand");
        if (registry.findBrand(brand).isPresent()) {
            return;
        }
        AccountId id = AccountId.of(account);
        registry.registerBrand(id, new RegisterBrand(brand, legalName, "12-3456789", EntityType.PRIVATE_PROFIT,
                "RETAIL", "https://" + account + ".example", "compliance@" + account + ".example"));
        registry.recordVetting(brand, true, 80, null);
        campaign(id, brand, CampaignId.of(account + "-otp"), UseCase.TWO_FACTOR_AUTHENTICATION, legalName, otpNumber);
        if (marketingNumber != null) {
            campaign(id, brand, CampaignId.of(account + "-promos"), UseCase.MARKETING, legalName, marketingNumber);
        }
        log.info("demo registrations for account {} created (local profile)", account);
    }

    private void campaign(AccountId account, BrandId brand, CampaignId campaign, UseCase useCase, String name,
                          String number) {
        String kind = useCase.isMarketing() ? "offers" : "security codes";
        registry.registerCampaign(account, new RegisterCampaign(campaign, brand, useCase, new CampaignTerms(
                name + " " + kind,
                useCase.isMarketing()
                        ? List.of(name + ": 20% off this weekend. Reply STOP to unsubscribe.",
                                name + ": new arrivals are in. Reply STOP to opt out.")
                        : List.of(name + ": your code is 123456. Reply STOP to opt out.",
                                name + ": your sign-in code is 654321. Reply STOP to opt out."),
                "Subscribers tick an unticked box on the sign-up page, or text START",
                name + " " + kind + ": recurring msgs. Consent is not a condition of purchase. "
                        + "Msg & data rates may apply. Reply HELP for help, STOP to cancel.",
                name + ": help at support@example.com. Msg & data rates may apply. Reply STOP to cancel.",
                name + ": you are unsubscribed and will get no more messages.",
                "varies")));
        registry.decideCampaign(campaign, DecideCampaignCommand.Decision.APPROVE, null);
        registry.assignNumber(account, PhoneNumber.of(number), campaign, NumberType.LONG_CODE);
    }
}
