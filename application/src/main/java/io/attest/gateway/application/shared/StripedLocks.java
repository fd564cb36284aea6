package io.attest.gateway.application.shared;

/**
 * A fixed set of monitors, one chosen per key by its hash: work on one key runs one at a time, work on
 * different keys mostly in parallel. Local to this process.
 */
public final class StripedLocks {

    private final Object[] locks;

    public StripedLocks(int stripes) {
        locks = new Object[stripes];
        for (int i = 0; i < stripes; i++) {
            locks[i] = new Object();
        }
    }

    public Object lockFor(String key) {
        return locks[Math.floorMod(key.hashCode(), locks.length)];
    }
}
