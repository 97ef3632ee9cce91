package io.hacoord.backup;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** A clock that tests advance by hand. */
public final class MutableClock implements InstantSource {

    private volatile Instant now;

    public MutableClock(Instant start) {
        this.now = start;
    }

    @Override
    public Instant instant() {
        return now;
    }

    public void advance(Duration by) {
        now = now.plus(by);
    }
}
