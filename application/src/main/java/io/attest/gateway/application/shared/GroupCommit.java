package io.attest.gateway.application.shared;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * Group commit for callers on several threads that each must not return before their item is written: the first
 * caller to arrive writes every item queued meanwhile in one go (one transaction), the others wait for it and are
 * answered together. No timer holds anyone back: a lone caller writes its item at once, and the batches grow only
 * as the callers overlap. When the batch as a whole fails, each of its items is written again on its own, so one
 * bad item fails only its own caller and nothing is lost or written half-way.
 *
 * @param <T> what one caller writes
 * @param <R> what writing it answers (the same for an item written in a batch or on its own)
 */
public final class GroupCommit<T, R> {

    private final Function<List<T>, List<R>> writeAll;
    private final Function<T, R> writeOne;
    private final int maxBatch;
    private final Queue<Pending<T, R>> queue = new ConcurrentLinkedQueue<>();
    private final ReentrantLock leader = new ReentrantLock();

    /**
     * @param writeAll writes a batch, all or nothing (it throws and writes nothing when it cannot write all), and
     *                 answers each item's result in the batch's order
     * @param writeOne writes one item; after writeAll failed, each item of the batch goes through this
     */
    public GroupCommit(Function<List<T>, List<R>> writeAll, Function<T, R> writeOne, int maxBatch) {
        this.writeAll = writeAll;
        this.writeOne = writeOne;
        this.maxBatch = maxBatch;
    }

    /** Returns once the item is written, with what writing it answered; throws what writing it threw. */
    public R write(T item) {
        Pending<T, R> mine = new Pending<>(item, new CompletableFuture<>());
        queue.add(mine);
        // Lead while nobody else does. A caller that finds a leader just waits: the leader looks at the queue again
        // after letting go, and this item was queued before that, so it is written by this leader or the next.
        while (leader.tryLock()) {
            try {
                while (!queue.isEmpty()) {
                    writeQueued();
                }
            } finally {
                leader.unlock();
            }
            if (queue.isEmpty()) {
                break;
            }
        }
        try {
            return mine.done().join();
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
        List<Pending<T, R>> batch = new ArrayList<>();
        for (Pending<T, R> next; batch.size() < maxBatch && (next = queue.poll()) != null; ) {
            batch.add(next);
        }
        if (batch.isEmpty()) {
            return;
        }
        if (batch.size() > 1) {
            try {
                List<R> results = writeAll.apply(batch.stream().map(Pending::item).toList());
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).done().complete(results.get(i));
                }
                return;
            } catch (RuntimeException batchFailed) {
                // written again one by one below: each item's own outcome goes to its own caller
            }
        }
        for (Pending<T, R> pending : batch) {
            try {
                pending.done().complete(writeOne.apply(pending.item()));
            } catch (RuntimeException e) {
                pending.done().completeExceptionally(e);
            }
        }
    }

    private record Pending<T, R>(T item, CompletableFuture<R> done) {
    }
}
