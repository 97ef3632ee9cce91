package io.hacoord.replication;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a blocking probe on a virtual thread and waits at most a fixed time for it.
 *
 * <p>Drivers have their own timeouts (connect, socket, command), but they stack up and some paths
 * ignore them; this bound is the one the caller can rely on. A probe still running at the bound is
 * interrupted and left to finish on its own thread, which its driver timeout ends.
 */
public final class ProbeTimeout implements AutoCloseable {

    /** A suggested probe timeout: long enough for a loaded server, short next to a failover budget. */
    public static final Duration DEFAULT = Duration.ofSeconds(2);

    private final Duration timeout;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    public ProbeTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("probe timeout must be > 0, got " + timeout);
        }
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    /**
     * The probe's result, or a {@link ProbeFailedException} with a reason an operator understands
     * ("timed out after 2000 ms", or the driver's message), never later than the timeout.
     */
    public <T> T run(String what, Callable<T> probe) throws ProbeFailedException {
        Future<T> future = executor.submit(probe);
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ProbeFailedException(what + ": no answer within " + timeout.toMillis() + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new ProbeFailedException(what + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new ProbeFailedException(what + ": interrupted", e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** A probe that failed or timed out; the message is the reason, without secrets. */
    public static final class ProbeFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        public ProbeFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
