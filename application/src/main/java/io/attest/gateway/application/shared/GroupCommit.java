package io.attest.gateway.application.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * Group commit for callers on several threads that each must not return before their item is written: the first
 * caller to arrive writes every item queued meanwhile in one go (one transaction), the others wait for it and are
 * answered together. No timer holds anyone back: a lone caller writes its item at once, and the batches grow only
 * as the callers overlap. When the batch as a whole fails, each of its items is written again on its own, so one
 * bad item fails only its own caller and nothing is lost or written half-way.
 *
 * @param <T> what one caller writes
 */
public final class GroupCommit<T> {

    private static final int ROUNDS_PER_LEADER = 4;

    private final Consumer<List<T>> writeAll;
    private final Consumer<T> writeOne;
    private final int maxBatch;
    private final Queue<Pending<T>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();

    /**
     * @param writeAll writes a batch, all or nothing (it throws and writes nothing when it cannot write all)
     * @param writeOne writes one item; after writeAll failed, each item of the batch goes through this
     */
    public GroupCommit(Consumer<List<T>> writeAll, Consumer<T> writeOne, int maxBatch) {
        this.writeAll = writeAll;
        this.writeOne = writeOne;
        this.maxBatch = maxBatch;
    }

    /** Returns once the item is written; throws what writing it threw. */
    public void write(T item) {
        Pending<T> mine = new Pending<>(item, new CompletableFuture<>());
        queue.add(mine);
        while (!mine.done().isDone()) {
            if (leader.tryLock()) {
                try {
                    for (int round = 0; round < ROUNDS_PER_LEADER && !queue.isEmpty(); round++) {
                        writeQueued();
                    }
                } finally {
                    leader.unlock();
                }
            } else {
                try {
                    mine.done().get(1, TimeUnit.MILLISECONDS); // the leader is writing: most likely this item too
                } catch (TimeoutException | ExecutionException stillWaitingOrFailed) {
                    // loop: answered, or free to lead the next round
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a group commit", e);
                }
            }
        }
        try {
            mine.done().join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** How many items wait to be written now. */
    int queued() {
        return queue.size();
    }

    private void writeQueued() {
        List<Pending<T>> batch = new ArrayList<>();
        for (Pending<T> next; batch.size() < maxBatch && (next = queue.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        if (batch.size() > 1) {
            try {
                writeAll.accept(batch.stream().map(Pending::item).toList());
                batch.forEach(p -> p.done().complete(null));
                return;
            } catch (RuntimeException batchFailed) {
                // written again one by one below: each item's own outcome goes to its own caller
            }
        }
        for (Pending<T> pending : batch) {
            try {
                writeOne.accept(pending.item());
                pending.done().complete(null);
            } catch (RuntimeException e) {
                pending.done().completeExceptionally(e);
            }
        }
    }

    private record Pending<T>(T item, CompletableFuture<Void> done) {
    }
}
