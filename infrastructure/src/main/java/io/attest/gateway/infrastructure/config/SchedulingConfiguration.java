package io.attest.gateway.infrastructure.config;

import io.attest.gateway.application.compliance.HeldMessageReleaseService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.Scheduled;

/** Looks for held messages whose window opened, every {@code gateway.compliance.release-interval}. */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class SchedulingConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SchedulingConfiguration.class);

    private final HeldMessageReleaseService releases;
    private final io.attest.gateway.application.idempotency.IdempotencyService idempotency;

    public SchedulingConfiguration(HeldMessageReleaseService releases,
                                   io.attest.gateway.application.idempotency.IdempotencyService idempotency) {
        this.releases = releases;
        this.idempotency = idempotency;
    }

    /** Forgets idempotency keys past their retention, hourly. */
    @Scheduled(fixedDelayString = "1h", initialDelayString = "1m")
    public void forgetExpiredIdempotencyKeys() {
        try {
            int forgotten = idempotency.forgetExpired();
            if (forgotten > 0) {
                log.info("{} idempotency key(s) past retention forgotten", forgotten);
            }
        } catch (RuntimeException e) {
            log.error("forgetting idempotency keys failed; trying again in an hour", e);
        }
    }

    @Scheduled(fixedDelayString = "${gateway.compliance.release-interval:1s}", initialDelayString = "2s")
    public void releaseHeldMessages() {
        try {
            int released = releases.releaseDue();
            if (released > 0) {
                log.info("{} held message(s) decided again", released);
            }
        } catch (RuntimeException e) {
            log.error("releasing held messages failed; trying again at the next interval", e);
        }
    }
}
