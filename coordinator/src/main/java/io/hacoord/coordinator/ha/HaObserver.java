package io.hacoord.coordinator.ha;

import io.hacoord.coordinator.store.LeaderRecord;
import java.util.Optional;

/** Observes the HA loop for metrics and logs; every method has a no-op default and must not block. */
public interface HaObserver {

    /** This node won a term; {@code previous} is the leader it last saw before, if any. */
    default void elected(LeaderTerm term, Optional<LeaderRecord> previous) {
    }

    default void renewed(LeaderTerm term, long latencyNanos) {
    }

    default void renewFailed(String reason) {
    }

    default void steppedDown(LeaderTerm term, String reason) {
    }

    HaObserver NONE = new HaObserver() {
    };
}
