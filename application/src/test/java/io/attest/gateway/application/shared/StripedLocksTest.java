package io.attest.gateway.application.shared;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class StripedLocksTest {

    private final StripedLocks locks = new StripedLocks(8);

    @Test
    void workUnderAllKeysHoldsEachKeysMonitorAndLetsGoAfterwards() {
        List<String> keys = List.of("a", "b", "c", "a");
        boolean heldAll = locks.underAll(keys, () -> keys.stream().allMatch(key -> Thread.holdsLock(locks.lockFor(key))));
        assertThat(heldAll).isTrue();
        assertThat(keys).noneMatch(key -> Thread.holdsLock(locks.lockFor(key)));
    }

    @Test
    void callersTakingTheSameKeysInOppositeOrdersNeverWaitOnEachOtherForGood() throws Exception {
        List<String> keys = IntStream.range(0, 40).mapToObj(i -> "key-" + i).toList();
        List<String> reversed = keys.reversed();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> runs = IntStream.range(0, 4).mapToObj(n -> threads.submit(() -> {
                start.await();
                int done = 0;
                for (int i = 0; i < 2_000; i++) {
                    done += locks.underAll(n % 2 == 0 ? keys : reversed, () -> 1);
                }
                return done;
            })).toList();
            start.countDown();
            for (Future<Integer> run : runs) {
                assertThat(run.get(60, TimeUnit.SECONDS)).isEqualTo(2_000); // a deadlock would time out here
            }
        } finally {
            threads.shutdownNow();
        }
    }
}
