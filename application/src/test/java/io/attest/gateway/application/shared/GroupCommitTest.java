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
        GroupCommit<String, String> commits = new GroupCommit<>(this::all, this::one, 10);

        assertThat(commits.write("a")).isEqualTo("wrote a");

        assertThat(single).containsExactly("a");
        assertThat(batches).isEmpty();
    }

    @Test
    void callersThatArriveWhileAWriteIsUnderWayAreWrittenTogetherAndEachReturnsOnlyOnceWritten() throws Exception {
        CountDownLatch firstWriting = new CountDownLatch(1);
        CountDownLatch othersQueued = new CountDownLatch(1);
        GroupCommit<String, String> commits = new GroupCommit<>(this::all, item -> {
            if (item.equals("first")) {
                firstWriting.countDown();
                await(othersQueued);
            }
            return one(item);
        }, 10);
        ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
        Future<String> first = callers.submit(() -> commits.write("first"));
        await(firstWriting);
        List<Future<String>> others = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String item = "r" + i;
            others.add(callers.submit(() -> commits.write(item)));
        }
        awaitQueued(commits, 5); // the five queue up behind the write under way
        assertThat(others).noneMatch(Future::isDone);
        othersQueued.countDown();
        assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("wrote first");
        for (int i = 0; i < others.size(); i++) {
            assertThat(others.get(i).get(10, TimeUnit.SECONDS)).isEqualTo("wrote r" + i + " in a batch");
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
        GroupCommit<String, String> commits = new GroupCommit<>(batch -> {
            throw new IllegalStateException("the batch's transaction failed");
        }, item -> {
            if (item.equals("bad")) {
                throw new IllegalArgumentException("bad item");
            }
            if (item.equals("first")) {
                firstWriting.countDown();
                await(othersQueued);
            }
            return one(item);
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

    private List<String> all(List<String> batch) {
        batches.add(batch);
        return batch.stream().map(item -> "wrote " + item + " in a batch").toList();
    }

    private String one(String item) {
        single.add(item);
        return "wrote " + item;
    }

    private static void awaitQueued(GroupCommit<?, ?> commits, int count) throws InterruptedException {
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
