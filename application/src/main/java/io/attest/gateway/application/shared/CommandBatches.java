package io.attest.gateway.application.shared;

import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Commands sent by callers on several threads at once, handled together by {@link GroupCommit}: one unit of work
 * and one transaction for the batch, in which each command's own unit of work is nested, so the events of all of
 * them are appended in one JDBC batch and committed with one flush. Each caller returns only once its command is
 * committed, with what its handler answered, exactly as {@link CommandGateway#sendAndWait(Object)} would; when
 * the batch cannot be committed (one of its commands failed, or the commit did), every command of it is sent again
 * on its own, so each caller gets its own command's outcome. A lone caller is not held back.
 *
 * <p>A caller that already holds a batch (an event processor's batch of messages to submit) needs no group commit:
 * {@link #sendTogether} and {@link #inOneUnitOfWork} give it one transaction for all of its commands whether or not
 * concurrent callers are gathered.
 */
public final class CommandBatches {

    private final CommandGateway gateway;
    private final TransactionManager transactions;
    private final GroupCommit<Object, Object> commits;

    /** Group commit on: callers that overlap share a transaction, at most {@code maxBatch} of them. */
    public CommandBatches(CommandGateway gateway, TransactionManager transactions, int maxBatch) {
        this(gateway, transactions, maxBatch, true);
    }

    /**
     * @param transactions null to send every command on its own, as the gateway does, even those sent together
     * @param groupCommit  whether {@link #sendAndWait} gathers callers that overlap into one transaction
     */
    private CommandBatches(CommandGateway gateway, TransactionManager transactions, int maxBatch, boolean groupCommit) {
        this.gateway = gateway;
        this.transactions = transactions;
        this.commits = transactions == null || !groupCommit ? null
                : new GroupCommit<>(this::sendTogether, gateway::sendAndWait, maxBatch);
    }

    /**
     * No group commit: {@link #sendAndWait} sends each command on its own; commands a caller sends together still
     * share one transaction.
     */
    public static CommandBatches withoutGroupCommit(CommandGateway gateway, TransactionManager transactions) {
        return new CommandBatches(gateway, transactions, 1, false);
    }

    /** Each command on its own, as the gateway sends it, even those sent together: no transaction is shared. */
    public static CommandBatches direct(CommandGateway gateway) {
        return new CommandBatches(gateway, null, 1, false);
    }

    /** Whether callers that overlap are committed together. */
    public boolean groupCommits() {
        return commits != null;
    }

    /** Sends the command and waits until it is handled and committed; answers what its handler returned. */
    @SuppressWarnings("unchecked")
    public <R> R sendAndWait(Object command) {
        return (R) (commits == null ? gateway.sendAndWait(command) : commits.write(command));
    }

    /** Sends the commands in one unit of work and one transaction, in order: all of them are committed, or none. */
    public List<Object> sendTogether(List<Object> commands) {
        if (commands.size() == 1) {
            return java.util.Collections.singletonList(gateway.sendAndWait(commands.getFirst())); // its own is enough
        }
        return inOneUnitOfWork(() -> {
            List<Object> results = new ArrayList<>(commands.size());
            for (Object command : commands) {
                results.add(gateway.sendAndWait(command));
            }
            return results;
        });
    }

    /**
     * Runs the work in one unit of work with one transaction: the commands it sends nest their units of work in it
     * and commit with it. A failure rolls all of it back and is thrown. {@link #direct} has no transaction to share:
     * the work runs as it is and each of its commands commits on its own.
     */
    public <R> R inOneUnitOfWork(Supplier<R> work) {
        if (transactions == null) {
            return work.get();
        }
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(new GenericMessage<>("batch"));
        try {
            unitOfWork.attachTransaction(transactions);
            R result = work.get();
            unitOfWork.commit();
            return result;
        } catch (RuntimeException e) {
            if (unitOfWork.isActive()) {
                unitOfWork.rollback(e);
            }
            throw e;
        }
    }
}
