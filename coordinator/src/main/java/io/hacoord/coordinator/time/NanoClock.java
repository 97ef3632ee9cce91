package io.hacoord.coordinator.time;

/**
 * A source of monotonic time in nanoseconds, as {@link System#nanoTime()}: only differences are meaningful.
 *
 * <p>Leases, lag and backoff are computed from this, never from wall time, so a clock step on the host cannot
 * lengthen a lease. Injected everywhere a deadline is computed so that tests can advance time instead of sleeping.
 */
@FunctionalInterface
public interface NanoClock {

    long nanoTime();

    NanoClock SYSTEM = System::nanoTime;
}
