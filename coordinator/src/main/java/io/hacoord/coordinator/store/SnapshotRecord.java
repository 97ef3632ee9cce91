package io.hacoord.coordinator.store;

import java.time.Instant;
import java.util.Objects;

/**
 * The cluster-state snapshot the leader publishes, so every node serves the same {@code /cluster} answer.
 *
 * @param epoch       epoch of the term that published it; the store refuses a snapshot older than the one it has
 * @param node        the publishing leader
 * @param publishedAt wall time of publication (for the answer's staleness)
 * @param json        the snapshot body, a JSON object
 */
public record SnapshotRecord(long epoch, String node, Instant publishedAt, String json) {

    public SnapshotRecord {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(publishedAt, "publishedAt");
        Objects.requireNonNull(json, "json");
    }
}
