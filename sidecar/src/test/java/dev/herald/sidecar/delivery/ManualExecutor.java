package dev.herald.sidecar.delivery;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/** Runs what it is given only when the test says so, one task after another on the test's thread. */
final class ManualExecutor implements Executor {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public synchronized void execute(Runnable task) {
        tasks.add(task);
    }

    /** Runs every task, including those the tasks hand in, until none is left. */
    void runAll() {
        Runnable next;
        while ((next = poll()) != null) {
            next.run();
        }
    }

    private synchronized Runnable poll() {
        return tasks.poll();
    }
}
