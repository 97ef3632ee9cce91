package io.hacoord.coordinator.time;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A {@link NanoClock} that only moves when told to; for tests of deadline logic. Thread-safe. */
public final class FakeNanoClock implements NanoClock {

    private final AtomicLong now;

    public FakeNanoClock(long startNanos) {
        this.now = new AtomicLong(startNanos);
    }

    public FakeNanoClock() {
        this(1_000_000_000L);
    }

    @Override
    public long nanoTime() {
        return now.get();
    }

    public void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }
}
