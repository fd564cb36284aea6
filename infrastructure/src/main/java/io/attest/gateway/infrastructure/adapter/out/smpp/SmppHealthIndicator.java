package io.attest.gateway.infrastructure.adapter.out.smpp;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** {@code /actuator/health/smpp}: UP while the carrier bind is up. */
@Component("smpp")
class SmppHealthIndicator implements HealthIndicator {

    private final SmppCarrierAdapter carrier;

    SmppHealthIndicator(SmppCarrierAdapter carrier) {
        this.carrier = carrier;
    }

    @Override
    public Health health() {
        Health.Builder health = carrier.isBound() ? Health.up() : Health.down();
        health.withDetail("smsc", carrier.endpoint().host() + ":" + carrier.endpoint().port())
                .withDetail("bindType", "transceiver");
        carrier.lastBindError().ifPresent(error -> health.withDetail("lastBindError", error));
        return health.build();
    }
}
