package io.attest.gateway.application.shared;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What an event handler writes during one unit of work, written once, just before that unit of work commits.
 * A streaming processor handles a whole batch of events in one unit of work (one transaction), so a projection
 * that adds its rows here writes a batch of events with a few statements instead of a few per event, in the same
 * transaction as the processor's token: all of the batch or none of it. Outside a unit of work (a handler called
 * directly) each row is written at once.
 *
 * <p>The handlers of a batch run before its rows are written: a handler must not read back rows an earlier
 * event of the same batch added here. The flush sees them all, in the order they were added.
 *
 * @param <T> one row, or whatever the flush makes rows of
 */
public final class BatchedWrites<T> {

    private final String resourceKey;
    private final Consumer<List<T>> flush;

    /** @param flush writes the rows of one unit of work, in the order they were added; it runs inside the transaction */
    public BatchedWrites(String name, Consumer<List<T>> flush) {
        this.resourceKey = BatchedWrites.class.getName() + "/" + name + "/" + System.identityHashCode(this);
        this.flush = flush;
    }

    public void add(T row) {
        if (!CurrentUnitOfWork.isStarted()) {
            flush.accept(List.of(row));
            return;
        }
        UnitOfWork<?> unitOfWork = CurrentUnitOfWork.get().root();
        List<T> rows = unitOfWork.getOrComputeResource(resourceKey, key -> {
            List<T> pending = new ArrayList<>();
            unitOfWork.onPrepareCommit(u -> {
                if (!pending.isEmpty()) {
                    flush.accept(List.copyOf(pending));
                    pending.clear();
                }
            });
            return pending;
        });
        rows.add(row);
    }
}
