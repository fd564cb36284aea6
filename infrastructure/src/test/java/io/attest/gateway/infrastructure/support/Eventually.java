package io.attest.gateway.infrastructure.support;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/** Polls for an asynchronous outcome with a bound, instead of sleeping a fixed time. */
public final class Eventually {

    private Eventually() {
    }

    public static <T> T await(Duration bound, String what, Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + bound + ": " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what);
            }
        }
    }

    public static void awaitTrue(Duration bound, String what, Supplier<Boolean> condition) {
        await(bound, what, () -> condition.get() ? Optional.of(Boolean.TRUE) : Optional.empty());
    }
}
