package io.hacoord.replication.lag;

import io.hacoord.replication.LagSample;

/**
 * Hears from a {@link LagMonitor}, on its sampling thread, outside its locks. Should return quickly;
 * an exception is logged and does not stop the monitor or the other listeners.
 */
public interface LagListener {

    /** Every sample of every replica. */
    default void onSample(LagSample sample) {}

    /** A replica went over the threshold (once per episode, not on every sample). */
    default void onRaised(LagAlert alert) {}

    /** A replica came back within the threshold; {@code reason} describes its lag now. */
    default void onCleared(LagAlert cleared, String reason) {}
}
