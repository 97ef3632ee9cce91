package io.hacoord.coordinator.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One leader term in the history.
 *
 * @param epoch       the term's fencing epoch
 * @param node        the leader of the term
 * @param start       when the term started (wall time of the leader)
 * @param startReason why it started, e.g. "elected: no leader held the lease"
 * @param end         when it ended, or null while it is open
 * @param endReason   why it ended, or null while it is open
 */
public record TermRecord(long epoch, String node, Instant start, String startReason, Instant end, String endReason) {

    public TermRecord {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(startReason, "startReason");
        if ((end == null) != (endReason == null)) {
            throw new IllegalArgumentException("end and endReason are set together");
        }
    }

    public boolean isOpen() {
        return end == null;
    }

    public TermRecord ended(Instant at, String reason) {
        return new TermRecord(epoch, node, start, startReason, Objects.requireNonNull(at), Objects.requireNonNull(reason));
    }
}
