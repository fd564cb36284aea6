package io.attest.gateway.application.shared;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GroupCommitTest {

    private final List<List<String>> batches = new CopyOnWriteArrayList<>();
    private final List<String> single = new CopyOnWriteArrayList<>();

    @Test
    void aLoneCallerWritesItsItemAtOnceOnItsOwn() {
        GroupCommit<String> commits = new GroupCommit<>(batches::add, single::add, 10);

        commits.write("a");

        assertThat(single).containsExactly("a");
        assertThat(batches).isEmpty();
    }

    @Test
    void callersThatArriveWhileAWriteIsUnderWayAreWrittenTogetherAndEachReturnsOnlyOnceWritten() throws Exception {
        CountDownLatch firstWriting = new CountDownLatch(1);
        CountDownLatch othersQueued = new CountDownLatch(1);
        GroupCommit<String> commits = new GroupCommit<>(batches::add, item -> {
            single.add(item);
            if (item.equals("first")) {
                firstWriting.countDown();
                await(othersQueued);
            }
        }, 10);
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
        Future<?> first = callers.submit(() -> commits.write("first"));
        await(firstWriting);
        List<Future<?>> others = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String item = "r" + i;
            others.add(callers.submit(() -> commits.write(item)));
        }
        awaitQueued(commits, 5); // the five queue up behind the write under way
        assertThat(others).noneMatch(Future::isDone);
        othersQueued.countDown();
        first.get(10, TimeUnit.SECONDS);
        for (Future<?> other : others) {
            other.get(10, TimeUnit.SECONDS);
        }
        callers.shutdown();

        assertThat(single).containsExactly("first");
        assertThat(batches).hasSize(1);
        assertThat(batches.getFirst()).containsExactlyInAnyOrder("r0", "r1", "r2", "r3", "r4");
    }

    @Test
    void whenABatchFailsEachItemIsWrittenOnItsOwnAndOnlyTheBadOnesCallerFails() throws Exception {
        CountDownLatch firstWriting = new CountDownLatch(1);
        CountDownLatch othersQueued = new CountDownLatch(1);
        GroupCommit<String> commits = new GroupCommit<>(batch -> {
            throw new IllegalStateException("the batch's transaction failed");
        }, item -> {
            if (item.equals("bad")) {
                throw new IllegalArgumentException("bad item");
            }
            single.add(item);
            if (item.equals("first")) {
                firstWriting.countDown();
                await(othersQueued);
            }
        }, 10);
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
        Future<?> first = callers.submit(() -> commits.write("first"));
        await(firstWriting);
        Future<?> good = callers.submit(() -> commits.write("good"));
        Future<?> bad = callers.submit(() -> commits.write("bad"));
        awaitQueued(commits, 2);
        othersQueued.countDown();
        first.get(10, TimeUnit.SECONDS);
        good.get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> bad.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalArgumentException.class);
        callers.shutdown();

        assertThat(single).containsExactly("first", "good");
    }

    private static void awaitQueued(GroupCommit<?> commits, int count) throws InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (commits.queued() < count && System.nanoTime() < until) {
            Thread.onSpinWait();
            Thread.sleep(1);
        }
        assertThat(commits.queued()).isEqualTo(count);
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
