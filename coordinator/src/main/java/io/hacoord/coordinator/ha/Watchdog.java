package io.hacoord.coordinator.ha;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HA loop's second thread: it fires the lease-deadline check at the deadline, whatever the loop thread is doing,
 * and runs step-downs asked for by other threads (connection listeners, duties). Every task's exception is logged,
 * never swallowed. After {@link #close(Duration)} nothing new runs.
 */
final class Watchdog {

    private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

    private final ScheduledExecutorService executor;
    private volatile ScheduledFuture<?> deadline;

    Watchdog(String nodeId) {
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ha-deadline-" + nodeId);
            t.setDaemon(true);
            return t;
        });
    }

    /** Schedules {@code check} after {@code delayNanos}, replacing the previous deadline check. */
    void deadlineIn(long delayNanos, Runnable check) {
        cancelDeadline();
        try {
            deadline = executor.schedule(logged("deadline check", check), Math.max(0, delayNanos),
                    TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            log.debug("no deadline check after close");
        }
    }

    void cancelDeadline() {
        ScheduledFuture<?> f = deadline;
        if (f != null) {
            f.cancel(false);
        }
    }

    /** Runs {@code task} on the watchdog thread soon; does nothing after close (shutdown already stepped down). */
    void execute(String what, Runnable task) {
        try {
            executor.execute(logged(what, task));
        } catch (RejectedExecutionException closed) {
            log.debug("{} not run: the HA loop is closed", what);
        }
    }

    /** Lets a task under way (e.g. a step-down releasing the lease) finish within {@code wait}, then stops. */
    void close(Duration wait) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    private static Runnable logged(String what, Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                log.error("{} failed", what, e);
            }
        };
    }
}
