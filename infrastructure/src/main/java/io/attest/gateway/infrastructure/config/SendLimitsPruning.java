package io.attest.gateway.infrastructure.config;

import io.attest.gateway.application.compliance.port.out.RecipientSendCountPort;
import io.attest.gateway.application.limits.SendLimits;
import io.attest.gateway.application.limits.SendQuota;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;

/**
 * Keeps the counts behind the send limits small: the per-second and per-day counts of periods long over, and the
 * sends the recipient velocity rule no longer looks at (older than the longest window any account has). Every minute.
 */
@Component
class SendLimitsPruning {

    private static final Logger log = LoggerFactory.getLogger(SendLimitsPruning.class);

    private final SendQuota quota;
    private final RecipientSendCountPort recipientSends;
    private final SendLimits limits;
    private final Clock clock;

    SendLimitsPruning(SendQuota quota, RecipientSendCountPort recipientSends, SendLimits limits, Clock clock) {
        this.quota = quota;
        this.recipientSends = recipientSends;
        this.limits = limits;
        this.clock = clock;
    }

    @Scheduled(fixedDelayString = "1m", initialDelayString = "30s")
    void prune() {
        try {
            int counts = quota.forgetPast();
            int sends = recipientSends.forgetBefore(clock.instant().minus(limits.longestRecipientWindow()));
            if (counts + sends > 0) {
                log.debug("{} send count(s) and {} recipient send(s) past their periods forgotten", counts, sends);
            }
        } catch (RuntimeException e) {
            log.warn("forgetting past send counts failed; trying again in a minute: {}", e.toString());
        }
    }
}
