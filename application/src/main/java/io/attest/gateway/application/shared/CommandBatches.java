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
 */
public final class CommandBatches {

    private final CommandGateway gateway;
    private final TransactionManager transactions;
    private final GroupCommit<Object, Object> commits;

    /** @param transactions null to send every command on its own, as the gateway does */
    public CommandBatches(CommandGateway gateway, TransactionManager transactions, int maxBatch) {
        this.gateway = gateway;
        this.transactions = transactions;
        this.commits = transactions == null ? null : new GroupCommit<>(this::sendTogether, gateway::sendAndWait, maxBatch);
    }

    /** Each command on its own, as the gateway sends it: no group commit. */
    public static CommandBatches direct(CommandGateway gateway) {
        return new CommandBatches(gateway, null, 1);
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
     * and commit with it. A failure rolls all of it back and is thrown. Only with group commits on.
     */
    public <R> R inOneUnitOfWork(Supplier<R> work) {
        if (transactions == null) {
            throw new IllegalStateException("no group commits: there is no transaction to share");
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
