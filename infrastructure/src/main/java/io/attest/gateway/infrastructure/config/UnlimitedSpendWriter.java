package io.attest.gateway.infrastructure.config;

import io.attest.gateway.application.cost.SpendGuard;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes the spend that {@link SpendGuard} counts in memory for accounts without a limit to the shared counts, every
 * {@code gateway.costs.spend-write-interval} on a thread of its own, and a last time when the node stops. A write that
 * fails keeps its sums for the next one.
 */
public class UnlimitedSpendWriter {

    private static final Logger log = LoggerFactory.getLogger(UnlimitedSpendWriter.class);

    private final SpendGuard guard;
    private final Duration every;
    private ScheduledExecutorService thread;

    UnlimitedSpendWriter(SpendGuard guard, Duration every) {
        this.guard = guard;
        this.every = every;
    }

    void start() {
        if (every.isZero()) {
            return; // every send is written as it is counted
        }
        thread = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("spend-writer").factory());
        thread.scheduleWithFixedDelay(this::write, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
    }

    void stop() {
        if (thread == null) {
            return;
        }
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        write(); // what was counted since the last write
    }

    private void write() {
        try {
            guard.writeUnwritten();
        } catch (RuntimeException e) {
            log.warn("writing the spend counted in memory failed; kept for the next write: {}", e.toString());
        }
    }
}
