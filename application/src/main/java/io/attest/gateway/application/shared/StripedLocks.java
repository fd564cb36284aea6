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
        return locks[stripe(key)];
    }

    /**
     * Runs the work holding the monitors of all the keys. They are taken in the order of their stripes, so two callers
     * that each hold several never wait on each other; one caller holding one monitor ({@link #lockFor}) and taking no
     * other cannot either.
     */
    public <T> T underAll(java.util.Collection<String> keys, java.util.function.Supplier<T> work) {
        if (keys.size() == 1) { // the usual batch of one, without sorting anything
            synchronized (lockFor(keys.iterator().next())) {
                return work.get();
            }
        }
        int[] stripes = new int[keys.size()];
        int i = 0;
        for (String key : keys) {
            stripes[i++] = stripe(key);
        }
        java.util.Arrays.sort(stripes);
        return under(stripes, 0, work);
    }

    private <T> T under(int[] sortedStripes, int next, java.util.function.Supplier<T> work) {
        if (next == sortedStripes.length) {
            return work.get();
        }
        if (next > 0 && sortedStripes[next] == sortedStripes[next - 1]) {
            return under(sortedStripes, next + 1, work); // two keys of one stripe: held already
        }
        synchronized (locks[sortedStripes[next]]) {
            return under(sortedStripes, next + 1, work);
        }
    }

    private int stripe(String key) {
        return Math.floorMod(key.hashCode(), locks.length);
    }
}
