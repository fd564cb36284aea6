package io.attest.gateway.infrastructure.adapter.out.smpp;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code /actuator/health/smpp}: UP while at least one carrier bind is up (messages can go out), with every
 * connection's own state; DOWN when none is.
 */
@Component("smpp")
class SmppHealthIndicator implements HealthIndicator {

    private final CarrierRouter carriers;

    SmppHealthIndicator(CarrierRouter carriers) {
        this.carriers = carriers;
    }

    @Override
    public Health health() {
        // a node that holds no bind lease has its binds closed on purpose: the other nodes send (BindLeases)
        boolean anyLeased = carriers.routes().stream().flatMap(route -> route.connection().binds().stream())
                .anyMatch(SmppCarrierAdapter.Bind::permitted);
        Health.Builder health = carriers.canSubmit() || !anyLeased ? Health.up() : Health.down();
        for (CarrierRouter.Route route : carriers.routes()) {
            SmppCarrierAdapter carrier = route.connection();
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("status", carrier.isBound() ? "UP" : "DOWN");
            details.put("smsc", carrier.endpoint().host() + ":" + carrier.endpoint().port());
            details.put("bindType", carrier.properties().bindType());
            details.put("window", carrier.properties().window());
            details.put("routes", route.routes().isEmpty() ? "every destination" : route.routes());
            java.util.List<Map<String, Object>> binds = new java.util.ArrayList<>();
            for (SmppCarrierAdapter.Bind bind : carrier.binds()) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("bind", bind.number());
                if (!bind.permitted()) {
                    one.put("closed", "another node holds its lease");
                }
                one.put("submitting", bind.transmitterBound() ? "UP" : "DOWN");
                one.put("receiving", bind.receiverBound() ? "UP" : "DOWN");
                one.put("outstanding", bind.outstanding());
                double rate = bind.pacedRate();
                one.put("pacedSubmitsPerSecond", Double.isInfinite(rate) ? "unpaced" : rate);
                binds.add(one);
            }
            details.put("binds", binds);
            carrier.lastBindError().ifPresent(error -> details.put("lastBindError", error));
            health.withDetail(carrier.name(), details);
        }
        return health.build();
    }
}
